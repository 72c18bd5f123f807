import { outputFormats } from '../format/graph-output.js';
import type { ParameterDef } from '../powershell/parameter.js';

/**
 * Parameters every cmdlet takes. The output verbs PowerShell pipes to (Format-List,
 * ConvertTo-Json, Export-Csv) become -Format/-FormatList, since a Node CLI has no pipeline of objects.
 */
export const commonParameters: ParameterDef[] = [
  { name: 'Profile', type: 'string', description: 'the signed-in profile to use (portico login --profile NAME); default: the last one signed in' },
  { name: 'Format', type: 'string', values: outputFormats, description: 'output: table (default), list (Format-List), json or csv' },
  { name: 'FormatList', type: 'switch', description: 'the same as -Format list: PowerShell\'s Format-List layout' },
  { name: 'Headers', type: 'hashtable', description: 'extra request headers, e.g. @{"client-request-id"="…"}' },
];

/** Output-only -Property for cmdlets whose own parameters have none (Get-MgUser's is also $select). */
export const propertyParameter: ParameterDef = {
  name: 'Property', type: 'string[]', aliases: ['Select'], description: 'the properties to show, in this order and spelling (Format-List -Property)',
};
