import type { FormInstance } from 'antd';
import { type AccountView, api, ApiError, fieldErrors, signIn } from './api';

export type RegistrationOutcome = { account: AccountView; signedIn: boolean };

/**
 * Submit a registration; on success sign in with the new login name and password. Server field errors go
 * under the matching fields; other errors come back as a message for the form's alert.
 */
export async function submitRegistration(
  form: FormInstance,
  path: string,
  body: Record<string, unknown>,
  fieldNames: readonly string[],
  onSignedIn: (session: Awaited<ReturnType<typeof signIn>>) => void,
): Promise<RegistrationOutcome | { error: string }> {
  let account: AccountView;
  try {
    account = await api<AccountView>('POST', path, body);
  } catch (error) {
    if (!(error instanceof ApiError)) return { error: '注册失败，请稍后再试' };
    const fields = fieldErrors(error, fieldNames);
    if (fields.length > 0) form.setFields(fields);
    const unplaced = error.fields.length > fields.reduce((n, f) => n + f.errors.length, 0);
    return { error: fields.length > 0 && !unplaced ? '请根据提示修改标红的信息' : error.message };
  }
  try {
    onSignedIn(await signIn(account.loginName, body.password as string));
    return { account, signedIn: true };
  } catch {
    return { account, signedIn: false };
  }
}
