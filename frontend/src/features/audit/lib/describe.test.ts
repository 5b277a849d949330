import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import { actionPhrase, failed, recordHref } from './describe';

const PID = '3f2b8c1e-9a47-4d2b-8e61-0c5a9f7d2b10';

describe('audit event wording', () => {
  it('says what was done, in Vietnamese', async () => {
    await i18n.changeLanguage('vi');
    const t = i18n.t;
    const write = { kind: 'request.write', status: 201 };
    expect(actionPhrase(t, { ...write, action: 'project.approval', record_type: 'project', record_id: PID })).toBe('Phê duyệt đề án');
    expect(actionPhrase(t, { ...write, action: 'enterprise.create', record_type: 'enterprise' })).toBe('Tạo doanh nghiệp');
    expect(actionPhrase(t, { kind: 'auth.login_failed', action: 'auth.login_failed' })).toBe('Đăng nhập thất bại');
    expect(actionPhrase(t, { ...write, action: 'project.something_new', record_type: 'project' })).toBe('Thao tác trên đề án');
    expect(actionPhrase(t, { ...write, action: 'request.write' })).toBe('Thao tác ghi dữ liệu');
  });

  it('says it in English too', async () => {
    await i18n.changeLanguage('en');
    expect(actionPhrase(i18n.t, { kind: 'request.write', action: 'project.settlement', record_type: 'project' })).toBe('Settled a project');
    await i18n.changeLanguage('vi');
  });

  it('links a record to its page', () => {
    expect(recordHref({ record_type: 'project', record_id: PID })).toBe(`/projects/${PID}`);
    expect(recordHref({ record_type: 'enterprise', record_id: PID })).toBe(`/enterprises/${PID}`);
    expect(recordHref({ record_type: 'budget_year', record_id: '2020' })).toBe('/budget?year=2020');
    expect(recordHref({ record_type: 'commitment', record_id: PID })).toBeNull();
    expect(recordHref({ record_type: null, record_id: null })).toBeNull();
  });

  it('knows a refused request from a done one', () => {
    expect(failed({ kind: 'request.write', status: 409 })).toBe(true);
    expect(failed({ kind: 'request.write', status: 201 })).toBe(false);
    expect(failed({ kind: 'auth.login_failed', status: null })).toBe(true);
  });
});
