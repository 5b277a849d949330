// Export menu wording (Vietnamese).
export const viExports = {
  exports: {
    csv: 'CSV (mở bằng Excel)',
    xlsx: 'Excel (XLSX)',
  },
};
