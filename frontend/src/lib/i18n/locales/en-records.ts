import type { viRecords } from './vi-records';

// English texts for date and number inputs, the ledger view and the settlement preview.
export const enRecords: typeof viRecords = {
  inputs: {
    datePlaceholder: 'dd/mm/yyyy',
    datePick: 'Pick a date in the calendar',
    dateInvalid: 'Invalid date: type day/month/year (01/02/2014) or yyyy-mm-dd',
    notNumber: 'Must be a number',
    integer: 'Must be a whole number',
    range: 'Must be between {{min}} and {{max}}',
    min: 'At least {{min}}',
  },
  ledgerView: {
    documentDate: 'Document date',
    recordedAt: 'Recorded at',
    details: 'Entry details',
    detailsOf: 'Details of entry {{seq}}',
    openDetails: 'Show details of entry {{seq}}',
    projectOf: 'Project of entry {{seq}}',
    projectUnknown: 'Project',
    hash: 'Check code (hash)',
    prevHash: 'Check code of the previous entry',
    hashHelp:
      'Each entry carries a check code computed from its content and the code of the entry before it. Changing or deleting an old entry makes every later code stop matching.',
    verifyHelp:
      'Integrity check: the system recomputes the check code of every entry in order, to find any entry changed, deleted or inserted after it was recorded.',
    verifyOk: 'The ledger is intact: {{count}} entries checked, none changed or deleted after recording.',
    verifyBroken: 'The ledger is broken: entry {{seq}} does not match its check code. This entry (or one before it) was changed or deleted outside the system; tell the system administrator now.',
    verifyBrokenId: 'The ledger is broken from entry {{id}}: this entry (or one before it) was changed or deleted outside the system; tell the system administrator now.',
    idempotencyKey: 'Duplicate-protection key',
    actorSubject: 'Account',
    commitment: 'Commitment id',
    fiscalYear: 'Fiscal year',
  },
  settle: {
    preview: 'On settlement',
    accepted: 'Accepted amount',
    advanced: 'Already advanced',
    toPay: 'Will be paid now',
    toRelease: 'Unused funds (returned to the budget)',
    deadlineWarning: 'The settlement deadline of {{deadline}} for fiscal year {{year}} has passed. It can still be recorded, but the delay must be explained.',
    documentDate: 'Document date',
    voucher: 'Voucher number (payment order)',
  },
  tableView: {
    sort: 'Sort by',
    ascending: 'ascending',
    descending: 'descending',
  },
  terms: {
    productScore: 'Selection score',
  },
};
