import { Type, type Static } from 'typebox';
import { Nullable, odataAnnotations } from './nullable.js';

const str = (max = 256) => Type.Optional(Nullable(Type.String({ maxLength: max })));
const strings = () => Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 250 }));

/** Writable `microsoft.graph.user` properties Portico stores (POST and PATCH /users). */
const writable = {
  accountEnabled: Type.Optional(Nullable(Type.Boolean())),
  displayName: str(256),
  mailNickname: str(64),
  userPrincipalName: str(113),
  mail: str(254),
  otherMails: strings(),
  givenName: str(64),
  surname: str(64),
  jobTitle: str(128),
  department: str(64),
  companyName: str(64),
  mobilePhone: str(64),
  businessPhones: strings(),
  officeLocation: str(128),
  preferredLanguage: str(35),
  city: str(128),
  country: str(128),
  employeeId: str(16),
  usageLocation: str(2),
  imAddresses: strings(),
  userType: str(16),
};

const PasswordProfile = Type.Object({
  password: Type.String({ minLength: 1, maxLength: 256 }),
  forceChangePasswordNextSignIn: Type.Optional(Nullable(Type.Boolean())),
  forceChangePasswordNextSignInWithMfa: Type.Optional(Nullable(Type.Boolean())),
}, { additionalProperties: false, title: 'microsoft.graph.passwordProfile', ...odataAnnotations });

export const CreateUserBody = Type.Object({
  ...writable,
  accountEnabled: Type.Boolean(),
  displayName: Type.String({ minLength: 1, maxLength: 256 }),
  mailNickname: Type.String({ minLength: 1, maxLength: 64 }),
  userPrincipalName: Type.String({ minLength: 3, maxLength: 113 }),
  passwordProfile: PasswordProfile,
}, { additionalProperties: false, title: 'microsoft.graph.user', ...odataAnnotations });

export const UpdateUserBody = Type.Object({
  ...writable,
  passwordProfile: Type.Optional(PasswordProfile),
}, { additionalProperties: false, title: 'microsoft.graph.user', ...odataAnnotations });

export type CreateUserBody = Static<typeof CreateUserBody>;
export type UpdateUserBody = Static<typeof UpdateUserBody>;
