import { badRequest, DomainError } from '../errors.js';

export const resourceNotFound = (id: string) => new DomainError('NotFound', 'Request_ResourceNotFound',
  `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

/** Graph's answer to a role Portico does not implement, or to a value that is no role id at all. */
export const unknownRole = (value: string, property: string) =>
  badRequest(`Invalid value '${value}' for property '${property}': no such built-in directory role on this server.`, property);

/** Graph's wording when the same object is created twice (observed on roleAssignments). */
export const conflictingObject = () =>
  badRequest('A conflicting object with one or more of the specified property values is present in the directory.');

/** Graph's wording when a reference is added twice (members/$ref). */
export const referenceExists = () =>
  badRequest("One or more added object references already exist for the following modified properties: 'members'.");
