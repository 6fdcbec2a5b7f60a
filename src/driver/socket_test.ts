import {
  assert,
  assertEquals,
  assertStringIncludes,
} from "../../tests/assert.ts";
import { waitFor } from "../../tests/net.ts";
import { silentLogger } from "../log.ts";
import { DriverSocketServer, MAX_UNSENT_BYTES } from "./socket.ts";
import { DriverStateImpl } from "./state.ts";

Deno.test({
  name:
    "DriverSocketServer drops a peer that never reads, and serves the others",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const dir = await Deno.makeTempDir();
    const state = new DriverStateImpl();
    state.set("ups.status", "OL");
    state.dataOk();
    const server = new DriverSocketServer(`${dir}/drv-ups`, state, {
      instcmd: () => Promise.resolve(undefined),
      setvar: () => Promise.resolve(undefined),
    }, silentLogger());
    server.listen();
    const silent = await Deno.connect({ transport: "unix", path: server.path });
    try {
      await waitFor(() => server.connections === 1, 2000);
      // Broadcast more than the limit while the peer reads nothing.
      const value = "x".repeat(250);
      const updates = Math.ceil(MAX_UNSENT_BYTES / 250) + 2000;
      for (let i = 0; i < updates; i++) {
        state.set(`big.${i % 100}`, `${i}${value}`);
      }
      await waitFor(() => server.connections === 0, 5000, 20, "peer dropped");

      // A peer that reads still gets a complete dump afterwards.
      const good = await Deno.connect({ transport: "unix", path: server.path });
      try {
        await good.write(new TextEncoder().encode("DUMPALL\n"));
        let text = "";
        const buf = new Uint8Array(65536);
        while (!text.includes("DUMPDONE\n")) {
          const n = await good.read(buf);
          if (n === null) break;
          text += new TextDecoder().decode(buf.subarray(0, n));
        }
        assertStringIncludes(text, 'SETINFO ups.status "OL"');
        assertEquals(text.match(/^SETINFO big\./gm)?.length, 100);
        assert(text.endsWith("DATAOK\nDUMPDONE\n"), text.slice(-40));
      } finally {
        good.close();
      }
    } finally {
      silent.close();
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
