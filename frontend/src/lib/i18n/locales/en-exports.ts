// Export menu wording (English).
export const enExports = {
  exports: {
    csv: 'CSV (opens in Excel)',
    xlsx: 'Excel (XLSX)',
  },
};
