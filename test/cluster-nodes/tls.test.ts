/**
 * TLS between peers: every node's port serves HTTPS with a certificate of a test CA (made here
 * with openssl), peers dial wss:// and check each other against tls_cafile. The cluster reaches
 * OPERATION; plain HTTP on that port gets no XML-RPC answer, and a client that does not trust
 * the CA is refused by TLS. Peers show their certificate too (mutual TLS): a /peer dial without
 * one, or with one of another CA, is refused before the websocket handshake, whatever it knows.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SupervisorClient } from '../../supervisor-bridge/supervisor-client.js';
import { clusterLogsOnFailure, masterOf, PASSWORD, startCluster, USER, type Cluster } from '../helpers/cluster.js';
import { upgradeStatus } from '../helpers/http-client.js';

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}

/** A CA (files `<prefix>ca.*`) and one certificate it signs for 127.0.0.1 (EC keys: fast to make). */
function makeCertificates(dir: string, prefix = ''): { certfile: string; keyfile: string; cafile: string } {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const [ca, node] = [`${prefix}ca`, `${prefix}node`];
  openssl(dir, 'req', '-x509', ...ec, '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '2', '-subj', `/CN=supvisors test CA ${prefix}`);
  openssl(dir, 'req', ...ec, '-keyout', `${node}.key`, '-out', `${node}.csr`, '-subj', '/CN=supvisors node');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(dir, 'x509', '-req', '-in', `${node}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${node}.pem`, '-days', '2', '-extfile', 'san.ext');
  return { certfile: join(dir, `${node}.pem`), keyfile: join(dir, `${node}.key`), cafile: join(dir, `${ca}.pem`) };
}


describe('TLS between peers', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('forms the cluster over wss and serves XML-RPC over HTTPS only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisors-tls-'));
    const tls = makeCertificates(dir);
    const c = await startCluster(3, { tls });
    cluster = c;
    await c.waitState(c.nodes, 'OPERATION', 20_000);
    const [node1] = c.nodes;
    if (node1 === undefined) throw new Error('3 nodes expected');
    for (const node of c.nodes) assert.equal(await masterOf(node), node1.identifier);
    assert.match(node1.runtimeLog(), /listening on https:\/\//);

    const plain = new SupervisorClient({ kind: 'inet', host: node1.host, port: node1.httpPort, username: USER, password: PASSWORD }, { timeoutMs: 2000 });
    const untrusting = new SupervisorClient({ kind: 'inet', host: node1.host, port: node1.httpPort, username: USER, password: PASSWORD, tls: {} }, { timeoutMs: 2000 });
    try {
      await assert.rejects(plain.call('supvisors.get_api_version'), /supervisord at http:\/\//);
      await assert.rejects(untrusting.call('supvisors.get_api_version'), /self.signed|unable to verify|certificate/i);
    } finally {
      plain.close();
      untrusting.close();
    }

    // mutual TLS on /peer: no client certificate, or one of another CA, is refused up front
    const ca = readFileSync(tls.cafile);
    const url = `wss://${node1.host}:${node1.httpPort}/peer`;
    const dial = async (options: { ca: Buffer; cert?: Buffer; key?: Buffer }): Promise<number> => (await upgradeStatus(url, options)).status;
    assert.equal(await dial({ ca }), 403, 'no client certificate');
    const stranger = makeCertificates(dir, 'other-');
    assert.equal(await dial({ ca, cert: readFileSync(stranger.certfile), key: readFileSync(stranger.keyfile) }), 403, 'a certificate of another CA');
    assert.equal(await dial({ ca, cert: readFileSync(tls.certfile), key: readFileSync(tls.keyfile) }), 101, 'a certificate of the CA: the handshake may begin');
    assert.match(node1.runtimeLog(), /no client certificate signed by tls_cafile/);
    for (const node of c.nodes) assert.equal(await masterOf(node), node1.identifier, 'the cluster is untouched');
  });
});
