import i18n from '@/lib/i18n';
import { actorText } from './ledger';

describe('a ledger entry’s actor', () => {
  it('sends a project’s money to the project’s history for the person, names anyone else', async () => {
    await i18n.changeLanguage('vi');
    const t = i18n.t.bind(i18n);
    expect(actorText({ actor_role: 'service', actor_subject: 'project-service', project_id: 'p1' }, t)).toBe(
      'Hệ thống quản lý đề án, theo bước của đề án (người thực hiện: xem lịch sử đề án)',
    );
    expect(actorText({ actor_role: 'program_manager', actor_subject: 'u-7', project_id: null }, t)).toBe('Lãnh đạo Sở (u-7)');
  });
});
