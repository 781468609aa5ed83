import { ApproverGroupCheck } from '../../src/diagnostics/approver-group';
import { GraphClient } from '../../src/diagnostics/graph-client';
import type { ApproverCheck } from '../../src/app/incident-service';
import { GraphStandIn, staticToken } from './graph-stand-in';

const GROUP = '11111111-1111-1111-1111-111111111111';
const CONFIGURED = 'AAAAAAAA-0000-0000-0000-000000000001';
const MEMBER_A = '22222222-0000-0000-0000-00000000000a';
const MEMBER_B = '22222222-0000-0000-0000-00000000000b';
const STRANGER = '33333333-0000-0000-0000-000000000000';
const MEMBERS = `/groups/${GROUP}/members`;

describe('ApproverGroupCheck', () => {
  let graph: GraphStandIn;
  let now: number;
  let fallbacks: string[];
  const make = (extra: Partial<ConstructorParameters<typeof ApproverGroupCheck>[0]> = {}) =>
    new ApproverGroupCheck({
      configuredIds: [CONFIGURED],
      groupId: GROUP,
      client: new GraphClient({ tokens: staticToken(), baseUrl: graph.baseUrl, sleep: async () => {}, maxAttempts: 1 }),
      cacheMinutes: 5,
      clock: () => now,
      onFallback: (r) => void fallbacks.push(r),
      ...extra,
    });

  beforeEach(async () => {
    graph = await new GraphStandIn().start();
    now = Date.parse('2026-11-20T10:00:00Z');
    fallbacks = [];
  });
  afterEach(() => graph.stop());

  const pagedMembers = () =>
    graph.on(MEMBERS, (_req, url) =>
      url.searchParams.get('$skiptoken')
        ? { body: { value: [{ '@odata.type': '#microsoft.graph.user', id: MEMBER_B }] } }
        : { body: { value: [{ id: MEMBER_A }], '@odata.nextLink': `${graph.baseUrl}${MEMBERS}?$select=id&$skiptoken=p2` } },
    );

  it('matches the ApproverCheck interface and accepts configured ids without asking Graph', async () => {
    const check: ApproverCheck = make();
    await expect(check.isApprover(CONFIGURED.toLowerCase())).resolves.toBe(true);
    expect(graph.requests).toHaveLength(0);
  });

  it('accepts members from every page and refuses others', async () => {
    pagedMembers();
    const check = make();
    await expect(check.isApprover(MEMBER_B.toUpperCase())).resolves.toBe(true);
    await expect(check.isApprover(MEMBER_A)).resolves.toBe(true);
    await expect(check.isApprover(STRANGER)).resolves.toBe(false);
    expect(graph.requests[0]!.url.searchParams.get('$select')).toBe('id');
    expect(check.source()).toEqual({ source: 'group', memberCount: 2, fetchedAt: now });
  });

  it('caches the members for the configured minutes, then answers from the cache while it reads again in the background', async () => {
    pagedMembers();
    const check = make();
    await check.isApprover(STRANGER);
    now += 4 * 60_000;
    await check.isApprover(STRANGER);
    expect(graph.callsTo(MEMBERS)).toBe(2); // two pages, one read
    now += 2 * 60_000;
    graph.on(MEMBERS, { body: { value: [{ id: MEMBER_B }] }, delayMs: 200 });
    // The click does not wait for Graph: the expired list answers, and a read starts.
    await expect(check.isApprover(MEMBER_A)).resolves.toBe(true);
    await check.refresh(); // joins the read in flight
    expect(graph.callsTo(MEMBERS)).toBe(3);
    await expect(check.isApprover(MEMBER_A)).resolves.toBe(false);
    await expect(check.isApprover(MEMBER_B)).resolves.toBe(true);
  });

  it('shares one read between concurrent checks', async () => {
    pagedMembers();
    const check = make();
    await Promise.all([check.isApprover(MEMBER_A), check.isApprover(MEMBER_B), check.isApprover(STRANGER)]);
    expect(graph.callsTo(MEMBERS)).toBe(2);
  });

  it('falls back to the configured ids when Graph fails, reports why, and waits before asking again', async () => {
    graph.on(MEMBERS, { status: 403, body: { error: { code: 'Authorization_RequestDenied' } } });
    const check = make();
    await expect(check.isApprover(MEMBER_A)).resolves.toBe(false);
    await expect(check.isApprover(CONFIGURED)).resolves.toBe(true);
    const reason = 'not available: Graph answered 403 (missing permission GroupMember.Read.All)';
    expect(check.source()).toEqual({ source: 'configured-only', reason });
    expect(fallbacks).toEqual([`approver group ignored, configured approvers only: ${reason}`]);
    await check.isApprover(MEMBER_A);
    expect(graph.callsTo(MEMBERS)).toBe(1);
    now += 61_000;
    pagedMembers();
    await expect(check.isApprover(MEMBER_A)).resolves.toBe(true);
  });

  it('drops the old members when a later read fails', async () => {
    pagedMembers();
    const check = make();
    await expect(check.isApprover(MEMBER_A)).resolves.toBe(true);
    graph.on(MEMBERS, { status: 500 });
    now += 6 * 60_000;
    await check.isApprover(MEMBER_A); // answered from the expired list while the read runs
    await check.refresh();
    // Fail closed: a member removed from the group must not keep approving through a Graph outage.
    await expect(check.isApprover(MEMBER_A)).resolves.toBe(false);
    expect(check.source()).toMatchObject({ source: 'configured-only', reason: 'not available: Graph answered 500' });
  });

  it('reads transitive members when asked', async () => {
    graph.on(`/groups/${GROUP}/transitiveMembers`, { body: { value: [{ id: MEMBER_A }] } });
    await expect(make({ transitive: true }).isApprover(MEMBER_A)).resolves.toBe(true);
  });

  it('uses configured ids only without a group', async () => {
    const check = make({ groupId: undefined });
    await expect(check.isApprover(MEMBER_A)).resolves.toBe(false);
    expect(check.source()).toEqual({ source: 'configured-only' });
    expect(graph.requests).toHaveLength(0);
  });
});
