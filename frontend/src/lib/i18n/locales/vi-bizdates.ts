// Business dates beside record times, and the enterprise's own edits (spread into vi.ts).
export const viBizdates = {
  bizdates: {
    documentDate: 'Ngày chứng từ',
    recordedAt: 'Ghi nhận lúc {{at}}',
    verifiedByCenter: 'Do Trung tâm xác minh; chỉ cán bộ được sửa',
    contactOnly: 'Doanh nghiệp chỉ sửa được thông tin liên hệ (điện thoại, email, địa chỉ); các thông tin khác do Trung tâm xác minh.',
  },
};
