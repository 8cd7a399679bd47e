import { BankOutlined, DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, type MenuProps } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../account/api';
import { useSession } from '../account/session';
import { type AgentEnterprise, fetchAgentEnterprises } from './api';

/**
 * For a natural person: "代表企业办理" — choose one of the enterprises that granted them as agent (代办人), or act
 * as themselves. While acting for one, the header shows "代 XXX公司". Switching reloads the page, since every
 * page's data depends on whom one acts for.
 */
export function ActingForSwitcher() {
  const { account, actingFor, chooseActingFor } = useSession();
  const { message } = App.useApp();
  const [enterprises, setEnterprises] = useState<AgentEnterprise[] | null>(null);
  const isPerson = account?.kind === 'person';

  useEffect(() => {
    if (!isPerson) return;
    let live = true;
    fetchAgentEnterprises()
      .then((list) => live && setEnterprises(list))
      .catch(() => live && setEnterprises([]));
    return () => {
      live = false;
    };
  }, [isPerson]);

  if (!isPerson || (enterprises === null && !actingFor) || (enterprises?.length === 0 && !actingFor)) return null;

  const items: MenuProps['items'] = [
    {
      type: 'group',
      label: '代表企业办理',
      children: [
        ...(enterprises ?? []).map((e) => ({
          key: String(e.id),
          label: <span data-testid={`acting-for-option-${e.uscc}`}>{e.name}</span>,
        })),
        { key: 'self', label: <span data-testid="acting-for-self">以本人身份办理</span> },
      ],
    },
  ];
  const choose = async (key: string) => {
    const id = key === 'self' ? null : Number(key);
    if ((actingFor?.id ?? null) === id) return;
    try {
      await chooseActingFor(id);
      window.location.assign(id === null ? '/account' : '/enterprise');
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '切换失败，请稍后再试');
    }
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items,
        selectable: true,
        selectedKeys: [actingFor ? String(actingFor.id) : 'self'],
        onClick: ({ key }) => void choose(key),
      }}
    >
      <Button
        type="text"
        className="kx-acting-for"
        title={actingFor ? `代 ${actingFor.name}` : '代表企业办理'}
        data-testid="acting-for-switcher"
      >
        <BankOutlined aria-hidden="true" />
        {actingFor ? <span data-testid="header-acting-for">代 {actingFor.name}</span> : <span>代表企业办理</span>}
        <DownOutlined aria-hidden="true" />
      </Button>
    </Dropdown>
  );
}
