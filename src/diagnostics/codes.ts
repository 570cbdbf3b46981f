/** The registry of diagnostic codes: one place to see every user-facing mistake Cible can report. */
export const codes = {
  yamlSyntax: 'E001',
  unknownKey: 'E002',
  wrongType: 'E003',
  missingKey: 'E004',
  badValue: 'E005',
  duplicateName: 'E006',
  unknownRef: 'E007',
  cycle: 'E008',
  templateError: 'E009',
  missingEnvVar: 'E010',
  badSelector: 'E011',
  unknownTarget: 'E012',
  fileError: 'E013',
  unknownNode: 'E014',
  badVars: 'E015',
  seedError: 'E016',
  /** The warehouse rejected a target's settings: login, permission, unknown database or dataset. */
  warehouseRejected: 'E017',
} as const;
