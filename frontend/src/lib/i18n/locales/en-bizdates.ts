// Business dates beside record times, and the enterprise's own edits (spread into en.ts).
export const enBizdates = {
  bizdates: {
    documentDate: 'Document date',
    recordedAt: 'Recorded {{at}}',
    verifiedByCenter: 'Verified by the Center; only an officer may change it',
    contactOnly: 'An enterprise edits only its contact details (phone, email, address); the other facts are verified by the Center.',
  },
};
