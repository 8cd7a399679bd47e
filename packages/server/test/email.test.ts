/** E-mail drivers: the development outbox on both databases, and real SMTP against a local smtp-server. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxEmailGateway, SmtpEmailGateway } from '../src/platform/notifications/email.js';
import { readOutbox } from '../src/platform/notifications/sms.js';
import { describeEachDatabase } from './helpers/databases.js';

describe('SMTP driver (nodemailer) against a local SMTP server', () => {
  const received: { from: string; to: string[]; data: string; user?: string }[] = [];
  let server: SMTPServer;
  let port: number;
  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'kexiao' && auth.password === 's3cret') return callback(null, { user: auth.username });
        return callback(new Error('认证失败'));
      },
      onData(stream, session, callback) {
        let data = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          data += chunk;
        });
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
            user: session.user as string | undefined,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('delivers a Chinese message with authentication', async () => {
    const gateway = new SmtpEmailGateway(`smtp://kexiao:s3cret@127.0.0.1:${port}`, '科小平台 <noreply@kexiao.example>');
    await gateway.send({
      to: 'enterprise@example.com',
      subject: '您的参评材料已退回补正',
      text: '请在5个工作日内补正并重新提交。',
    });
    gateway.close();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      from: 'noreply@kexiao.example',
      to: ['enterprise@example.com'],
      user: 'kexiao',
    });
    expect(received[0]?.data).toMatch(/Subject: =\?UTF-8\?/);
  });

  it('fails loudly on wrong credentials', async () => {
    const gateway = new SmtpEmailGateway(`smtp://kexiao:wrong@127.0.0.1:${port}`, 'noreply@kexiao.example');
    await expect(gateway.send({ to: 'a@example.com', subject: 'x', text: 'y' })).rejects.toThrow();
    gateway.close();
  });
});

describeEachDatabase('development e-mail outbox', (ctx) => {
  it('keeps the message for staff to read', async () => {
    await new OutboxEmailGateway(ctx.handle.db).send({
      to: 'agency@example.com',
      subject: '新的待审核材料',
      text: '有1份信息表待审核。',
    });
    const [message] = await readOutbox(ctx.handle.db, 'agency@example.com');
    expect(message).toMatchObject({
      channel: 'email',
      subject: '新的待审核材料',
      body: '有1份信息表待审核。',
      status: 'sent',
    });
  });
});
