import dns2 from 'dns2';

const { Packet } = dns2;
// RFC 1035 response codes (dns2's typings omit Packet.RCODE).
const SERVFAIL = 2;
const NXDOMAIN = 3;

export interface ZoneEntry {
  MX?: { exchange: string; priority: number }[];
  TXT?: (string | string[])[];
  CNAME?: string;
}

export type Zone = Record<string, ZoneEntry | 'servfail' | 'silent'>;

/** A loopback DNS server (UDP, 127.0.0.1, free port) answering from a zone; unknown names are NXDOMAIN. */
export async function startDnsStandIn(zone: Zone): Promise<{ server: string; queries: string[]; stop: () => Promise<void> }> {
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0]!;
      const name = question.name.toLowerCase().replace(/\.$/, '');
      queries.push(name);
      const entry = zone[name];
      if (entry === 'silent') return;
      if (entry === 'servfail') {
        response.header.rcode = SERVFAIL;
        void send(response);
        return;
      }
      if (!entry) {
        response.header.rcode = NXDOMAIN;
        void send(response);
        return;
      }
      const base = { name: question.name, class: Packet.CLASS.IN, ttl: 60 };
      if (entry.CNAME) response.answers.push({ ...base, type: Packet.TYPE.CNAME, domain: entry.CNAME } as never);
      else if (question.type === Packet.TYPE.MX) {
        for (const mx of entry.MX ?? []) response.answers.push({ ...base, type: Packet.TYPE.MX, ...mx } as never);
      } else if (question.type === Packet.TYPE.TXT) {
        for (const data of entry.TXT ?? []) response.answers.push({ ...base, type: Packet.TYPE.TXT, data } as never);
      }
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } } as never);
  const port = (addresses as { udp: { port: number } }).udp.port;
  return { server: `127.0.0.1:${port}`, queries, stop: () => server.close() };
}
