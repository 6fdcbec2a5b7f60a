/**
 * The Modbus client over both links against the simulator: concurrent
 * calls are answered in turn (a command during a poll), exceptions come
 * back as ModbusException, a silent unit as ModbusTimeoutError.
 */
import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { ModbusSim, RegisterMap } from "../../tests/sim/modbus.ts";
import {
  ModbusClient,
  ModbusException,
  ModbusTimeoutError,
  openModbusRtu,
  openModbusTcp,
} from "./modbus.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const timeouts = { responseMs: 100, byteMs: 50 };

Deno.test({
  name: "modbus client: concurrent calls, exceptions, silence (TCP and RTU)",
  ...opts,
  fn: async () => {
    for (const mode of ["tcp", "rtu"] as const) {
      const sim = new ModbusSim(
        new RegisterMap().set(
          "holding",
          0,
          ...Array.from({ length: 50 }, (_, i) => i * 3),
        ),
        9,
      );
      let client: ModbusClient | null = null;
      try {
        if (mode === "tcp") {
          const [, port] = sim.tcp().split(":");
          client = new ModbusClient(
            await openModbusTcp("127.0.0.1", Number(port), timeouts),
            9,
          );
        } else {
          await sim.rtu();
          client = new ModbusClient(
            await openModbusRtu(sim.ptyPath, { speed: 19200 }, timeouts),
            9,
          );
        }
        const c = client;
        const got = await Promise.all([
          c.readHolding(0, 10),
          c.writeRegister(20, 7),
          c.readHolding(10, 40),
          c.readHolding(19, 2),
        ]);
        assertEquals(got[0], [0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
        assertEquals(got[2]!.length, 40);
        assertEquals(got[3], [57, 7]);
        await assertRejects(
          () => c.readHolding(49, 2),
          ModbusException,
          "Illegal data address",
        );
        sim.fault = "silent";
        await assertRejects(() => c.readHolding(0, 1), ModbusTimeoutError);
        sim.fault = "none";
        assertEquals(await c.readHolding(1, 1), [3]);
      } finally {
        client?.close();
        await sim.close();
      }
    }
  },
});
