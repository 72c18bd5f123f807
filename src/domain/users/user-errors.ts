import { badRequest, DomainError } from '../errors.js';

export const userNotFound = (id: string) => new DomainError('NotFound', 'Request_ResourceNotFound',
  `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

export const duplicateValue = (property: string) =>
  badRequest(`Another object with the same value for property ${property} already exists.`, property);
