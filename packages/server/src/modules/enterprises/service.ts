/**
 * The enterprise profile (企业信息), for its legal-person account and for an agent acting for it: the unit,
 * its region, the legal representative and main agent (identity and phone numbers masked), real-name status
 * and its agents. The only change offered here is the main agent's phone, confirmed by an SMS code sent to the
 * new number; everything else was verified at registration and changes only through re-verification.
 */
import { isValidMobile, maskIdCard, maskPhone } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { Database, EnterpriseTable, RealNameStatus } from '../../db/schema.js';
import { type Actor, auditActor } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { notifyAccount } from '../../platform/notifications/inbox.js';
import type { SmsGateway } from '../../platform/notifications/sms.js';
import { assertEnterpriseInScope } from '../../platform/scope.js';
import { actingEnterprise, type AgentView, agentView, ownEnterprise } from '../agents/service.js';
import { listLiveGrants } from '../agents/repository.js';
import { ancestry } from '../regions/repository.js';
import type { VerificationService } from '../verification/service.js';
import * as repo from './repository.js';

export interface EnterpriseProfile {
  id: number;
  uscc: string;
  name: string;
  unitType: EnterpriseTable['unit_type'];
  region: { code: string; name: string; path: { code: string; name: string }[] };
  legalRepresentative: { name: string; idNumber: string };
  mainAgent: { name: string; idNumber: string; phone: string };
  realNameStatus: RealNameStatus;
  registeredAt: string;
  agents: AgentView[];
  /** Whether the viewer is the legal-person account itself (may manage agents and change the phone). */
  viewerIsOwner: boolean;
}

export class EnterpriseService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly verification: VerificationService,
    private readonly sms: SmsGateway,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async profile(actor: Actor): Promise<EnterpriseProfile> {
    const enterprise = actingEnterprise(actor);
    await assertEnterpriseInScope(this.db, actor, enterprise);
    const row = await repo.getEnterpriseProfile(this.db, enterprise.id);
    if (!row) throw new AppError(404, 'not_found', '未找到该企业');
    const chain = await ancestry(this.db, row.region_code);
    const path = chain
      .slice()
      .reverse()
      .map((r) => ({ code: r.code, name: r.name }));
    return {
      id: Number(row.id),
      uscc: row.uscc,
      name: row.name,
      unitType: row.unit_type,
      region: { code: row.region_code, name: chain[0]?.name ?? row.region_code, path },
      legalRepresentative: { name: row.legal_rep_name, idNumber: maskIdCard(row.legal_rep_id_number) },
      mainAgent: {
        name: row.agent_name,
        idNumber: maskIdCard(row.agent_id_number),
        phone: maskPhone(row.agent_phone),
      },
      realNameStatus: row.real_name_status,
      registeredAt: new Date(row.created_at).toISOString(),
      agents: (await listLiveGrants(this.db, enterprise.id)).map(agentView),
      viewerIsOwner: actor.kind === 'legalPerson' && (actor.onBehalfOf ?? null) === null,
    };
  }

  /**
   * Change the main agent's phone (also the legal-person account's login phone and SMS number): the SMS code
   * (purpose changePhone) sent to the new number proves it is theirs. Only the legal-person account itself.
   */
  async changeAgentPhone(actor: Actor, body: Record<string, unknown>): Promise<EnterpriseProfile> {
    const enterprise = ownEnterprise(actor);
    const problems: FieldProblem[] = [];
    const allowed = new Set(['agentPhone', 'smsCode']);
    for (const key of Object.keys(body)) {
      if (!allowed.has(key)) {
        problems.push({ path: key, message: `${key}：此处只能变更主代办人手机号码，其他信息变更须重新实名核验` });
      }
    }
    const phone = typeof body.agentPhone === 'string' ? body.agentPhone.trim() : '';
    if (!isValidMobile(phone))
      problems.push({ path: 'agentPhone', message: '主代办人手机号码：应为11位中国大陆手机号码' });
    if (typeof body.smsCode !== 'string' || !/^\d{6}$/.test(body.smsCode)) {
      problems.push({ path: 'smsCode', message: '短信验证码：应为发送到新手机号码的6位数字' });
    }
    if (problems.length > 0) throw invalidInput(problems);
    const row = await repo.getEnterpriseProfile(this.db, enterprise.id);
    if (!row) throw new AppError(404, 'not_found', '未找到该企业');
    if (row.agent_phone === phone) {
      throw invalidInput([{ path: 'agentPhone', message: '主代办人手机号码：与当前号码相同' }]);
    }
    const taken = () =>
      new AppError(409, 'conflict', '该手机号码已被其他法人账号使用', [
        { path: 'agentPhone', message: '主代办人手机号码：该号码已被其他法人账号使用' },
      ]);
    if (await repo.legalPersonPhoneTaken(this.db, phone, Number(row.account_id))) throw taken();
    try {
      await this.verification.consumeCode({ phone, purpose: 'changePhone', code: body.smsCode });
    } catch (error) {
      if (!(error instanceof AppError) || error.fields === undefined) throw error;
      throw invalidInput(
        error.fields.map((f) =>
          f.path === 'code' ? { path: 'smsCode', message: f.message.replace(/^验证码：/, '短信验证码：') } : f,
        ),
      );
    }
    try {
      await this.db.transaction().execute(async (trx) => {
        await repo.setAgentPhone(trx, { id: enterprise.id, accountId: Number(row.account_id) }, phone);
        await writeAudit(trx, {
          ...auditActor(actor),
          action: 'enterprises.agentPhoneChanged',
          subject: `enterprise:${enterprise.uscc}`,
          detail: { from: maskPhone(row.agent_phone), to: maskPhone(phone) },
        });
        await notifyAccount(trx, Number(row.account_id), {
          category: 'security',
          title: '主代办人手机号码已变更',
          body: `本单位主代办人手机号码已由${maskPhone(row.agent_phone)}变更为${maskPhone(phone)}。`,
          link: '/enterprise',
        });
        // The old number hears of it too: a change it did not expect is a warning sign.
        await this.sms.send(
          row.agent_phone,
          `【科小】${enterprise.name}的主代办人手机号码已变更为${maskPhone(phone)}。如非本单位操作，请立即联系评价工作机构。`,
          trx,
        );
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw taken();
      throw error;
    }
    return this.profile(actor);
  }
}
