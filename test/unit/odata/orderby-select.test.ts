import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderByItem } from '../../../src/odata/index.js';
import { parseOrderBy, parseSelect, printOrderBy } from '../../../src/odata/index.js';
import { syntaxError } from './syntax-error.js';

describe('$orderby', () => {
  const valid: [string, OrderByItem[], string][] = [
    ['displayName', [{ path: ['displayName'], direction: 'asc' }], 'displayName'],
    ['displayName asc', [{ path: ['displayName'], direction: 'asc' }], 'displayName'],
    ['displayName desc', [{ path: ['displayName'], direction: 'desc' }], 'displayName desc'],
    ['displayName DESC', [{ path: ['displayName'], direction: 'desc' }], 'displayName desc'],
    ['displayName Asc', [{ path: ['displayName'], direction: 'asc' }], 'displayName'],
    ['displayName desc,userPrincipalName',
      [{ path: ['displayName'], direction: 'desc' }, { path: ['userPrincipalName'], direction: 'asc' }], 'displayName desc,userPrincipalName'],
    [' displayName  desc , createdDateTime asc ',
      [{ path: ['displayName'], direction: 'desc' }, { path: ['createdDateTime'], direction: 'asc' }], 'displayName desc,createdDateTime'],
    ['signInActivity/lastSignInDateTime desc', [{ path: ['signInActivity', 'lastSignInDateTime'], direction: 'desc' }],
      'signInActivity/lastSignInDateTime desc'],
  ];
  for (const [input, items, canonical] of valid) {
    it(`parses ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseOrderBy(input), items);
      assert.equal(printOrderBy(items), canonical);
      assert.deepEqual(parseOrderBy(printOrderBy(items)), items);
    });
  }

  const invalid: [string, string, number][] = [
    ['', "Expression expected at position 0 in ''.", 0],
    ['displayName,', "Expression expected at position 12 in 'displayName,'.", 12],
    [',displayName', "Expression expected at position 0 in ',displayName'.", 0],
    ['displayName,,mail', "Expression expected at position 12 in 'displayName,,mail'.", 12],
    ['displayName sideways', "Syntax error at position 20 in 'displayName sideways'.", 20],
    ['displayName desc desc', "Syntax error at position 21 in 'displayName desc desc'.", 21],
    ['displayName eq 1', "Syntax error at position 14 in 'displayName eq 1'.", 14],
    ['a//b', 'An identifier was expected at position 2.', 2],
    ['a/', 'An identifier was expected at position 2.', 2],
    ['$count', "Expression expected at position 0 in '$count'.", 0],
    ["'displayName'", "Expression expected at position 0 in ''displayName''.", 0],
    ['displayName;drop', "Syntax error: character ';' is not valid at position 11 in 'displayName;drop'.", 11],
  ];
  for (const [input, message, position] of invalid) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const err = syntaxError(() => parseOrderBy(input));
      assert.equal(err.message, message);
      assert.equal(err.position, position);
    });
  }
});

describe('$select', () => {
  const valid: [string, ReturnType<typeof parseSelect>][] = [
    ['id', [{ kind: 'property', name: 'id' }]],
    ['id,displayName', [{ kind: 'property', name: 'id' }, { kind: 'property', name: 'displayName' }]],
    [' id ,\tdisplayName ', [{ kind: 'property', name: 'id' }, { kind: 'property', name: 'displayName' }]],
    ['*', [{ kind: 'wildcard' }]],
    [' * ', [{ kind: 'wildcard' }]],
    ['*,id', [{ kind: 'wildcard' }, { kind: 'property', name: 'id' }]],
    ['id,id', [{ kind: 'property', name: 'id' }, { kind: 'property', name: 'id' }]],
    ['extension_b7d8e648520f41d3b9c0fdeb91768a0a_jobGroupTracker', [{ kind: 'property', name: 'extension_b7d8e648520f41d3b9c0fdeb91768a0a_jobGroupTracker' }]],
    ['DisplayName', [{ kind: 'property', name: 'DisplayName' }]],
  ];
  for (const [input, items] of valid) it(`parses ${JSON.stringify(input)}`, () => assert.deepEqual(parseSelect(input), items));

  const invalid: [string, string, number][] = [
    ['', "Expression expected at position 0 in ''.", 0],
    ['   ', "Expression expected at position 3 in '   '.", 3],
    ['id,', "Expression expected at position 3 in 'id,'.", 3],
    [',id', "Expression expected at position 0 in ',id'.", 0],
    ['id,,mail', "Expression expected at position 3 in 'id,,mail'.", 3],
    ['id, ,mail', "Expression expected at position 4 in 'id, ,mail'.", 4],
    ['display Name', "Term 'display Name' is not valid in a $select or $expand expression.", 0],
    ['id, a/b', "Term 'a/b' is not valid in a $select or $expand expression.", 4],
    ['$count', "Term '$count' is not valid in a $select or $expand expression.", 0],
    ['id;drop table users', "Term 'id;drop table users' is not valid in a $select or $expand expression.", 0],
    ["'id'", "Term ''id'' is not valid in a $select or $expand expression.", 0],
    ['**', "Term '**' is not valid in a $select or $expand expression.", 0],
    ['1id', "Term '1id' is not valid in a $select or $expand expression.", 0],
  ];
  for (const [input, message, position] of invalid) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const err = syntaxError(() => parseSelect(input));
      assert.equal(err.message, message);
      assert.equal(err.position, position);
    });
  }
});
