/**
 * upsd's MQTT publisher end to end with Debian's mosquitto: our dummy-ups
 * and upsd with MQTT_BROKER, `mosquitto_sub` reading the discovery and
 * state topics. Retained values are compared with what NUT 2.8.0's `upsc`
 * reads from the same upsd; a .dev edit arrives as a state change; a
 * command from "Home Assistant" (mosquitto_pub) is checked against
 * upsd.users and reaches the driver (upsd's TRACKING answers); the broker
 * goes away and comes back; the last will says offline when upsd dies.
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { nutRequest, startStack, USERS } from "./http_helpers.ts";
import {
  haveMosquitto,
  publish,
  startBroker,
  subscribe,
} from "./mqtt_helpers.ts";

const DEV = `device.mfr: Acme
device.model: Model 9
device.serial: SN42
ups.status: OL CHRG
battery.charge: 97
battery.runtime: 1800
ups.load: 23
input.voltage: 230.5
ups.id: My UPS
`;

/** GET TRACKING on a logged-in connection with tracking on (as NUT requires). */
async function tracking(port: number, id: string): Promise<string> {
  const c = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await c.write(
      new TextEncoder().encode(
        `USERNAME admin\nPASSWORD adminpw\nSET TRACKING ON\nGET TRACKING ${id}\n`,
      ),
    );
    let text = "";
    const buf = new Uint8Array(4096);
    while (text.split("\n").length < 5) {
      const n = await c.read(buf);
      if (n === null) break;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
    return text.split("\n")[3] ?? "";
  } finally {
    c.close();
  }
}

/** NUT's upsc on our upsd: `name: value` lines as a map. */
async function upsc(port: number, ups: string): Promise<Map<string, string>> {
  const out = await new Deno.Command("/usr/bin/upsc", {
    args: [`${ups}@127.0.0.1:${port}`],
    stdout: "piped",
    stderr: "null",
  }).output();
  const map = new Map<string, string>();
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const i = line.indexOf(": ");
    if (i > 0) map.set(line.slice(0, i), line.slice(i + 2));
  }
  return map;
}

Deno.test("MQTT: discovery, retained state, live change, commands, broker restart, last will", async (t) => {
  if (!haveNut() || !haveMosquitto()) return;
  const dir = await Deno.makeTempDir({ prefix: "mqtt-e2e-" });
  const mqttPort = freePort();
  let broker = await startBroker(dir, mqttPort);
  let sub = subscribe(mqttPort);
  // Left retained by someone: upsd must not run it when it subscribes.
  await publish(mqttPort, "nut/ups1/cmd/load.off", "PRESS", true);
  const stack = await startStack({
    devs: { ups1: DEV, ups2: DEV.replace("SN42", "SN43") },
    upsdConf: () => `MQTT_BROKER mqtt://127.0.0.1:${mqttPort}/nut admin\n`,
  });
  try {
    await t.step("discovery and retained values match upsc", async () => {
      await sub.wait("nut/status", (p) => p === "online");
      const ref = await upsc(stack.port, "ups1");
      assert(ref.size >= 9, `upsc read ${ref.size} variables`);
      for (const [name, value] of ref) {
        await sub.wait(`nut/ups1/var/${name}`, (p) => p === value);
        const cfg = JSON.parse(
          (await sub.wait(
            `homeassistant/sensor/ups1_${name.replace(/\./g, "_")}/config`,
          )).payload,
        );
        assertEquals(cfg.state_topic, `nut/ups1/var/${name}`);
        assertEquals(cfg.availability, [
          { topic: "nut/status" },
          { topic: "nut/ups1/availability" },
        ]);
        assertEquals(cfg.device.serial_number, "SN42");
      }
      const charge = JSON.parse(
        sub.last("homeassistant/sensor/ups1_battery_charge/config")!,
      );
      assertEquals(
        [charge.unit_of_measurement, charge.device_class, charge.state_class],
        ["%", "battery", "measurement"],
      );
      const volt = JSON.parse(
        sub.last("homeassistant/sensor/ups1_input_voltage/config")!,
      );
      assertEquals(volt.unit_of_measurement, "V");
      assertEquals(sub.last("nut/ups1/availability"), "online");
      for (const flag of ["OL", "OB", "LB"]) {
        const b = JSON.parse(
          (await sub.wait(`homeassistant/binary_sensor/ups1_${flag}/config`))
            .payload,
        );
        assertEquals(b.state_topic, "nut/ups1/var/ups.status");
        assert(b.value_template.includes(`'${flag}' in value.split()`));
      }
      // admin may run load.off (offered by dummy-ups) → one button; nothing else
      const button = JSON.parse(
        (await sub.wait("homeassistant/button/ups1_load_off/config")).payload,
      );
      assertEquals(button.command_topic, "nut/ups1/cmd/load.off");
      assertEquals(
        sub.seen.filter((m) => m.topic.startsWith("homeassistant/button/"))
          .map((m) => m.topic).sort(),
        [
          "homeassistant/button/ups1_load_off/config",
          "homeassistant/button/ups2_load_off/config",
        ],
      );
      // the retained command was delivered to upsd (retained) and ignored
      assertEquals(sub.last("nut/ups1/cmd_result"), undefined);
      await publish(mqttPort, "nut/ups1/cmd/load.off", "", true); // deleted
      // a second subscriber gets the state from the broker's retained copies
      const late = subscribe(mqttPort, "nut/ups2/var/#");
      try {
        await late.wait("nut/ups2/var/device.serial", (p) => p === "SN43");
        assert(late.seen.every((m) => m.retained));
      } finally {
        await late.stop();
      }
    });

    await t.step(
      "a .dev edit arrives as a state change and an event",
      async () => {
        const from = sub.seen.length;
        stack.writeDev("ups1", DEV.replace("OL CHRG", "OB DISCHRG"));
        await sub.wait(
          "nut/ups1/var/ups.status",
          (p) => p === "OB DISCHRG",
          from,
        );
        const ev = JSON.parse(
          (await sub.wait("nut/ups1/event", () => true, from)).payload,
        );
        assertEquals(
          [ev.ups, ev.status, ev.previous, ev.flags],
          ["ups1", "OB DISCHRG", "OL CHRG", ["OB", "DISCHRG"]],
        );
        const ref = await upsc(stack.port, "ups1");
        assertEquals(ref.get("ups.status"), "OB DISCHRG");
      },
    );

    await t.step(
      "commands: checked against upsd.users, reach the driver",
      async () => {
        let from = sub.seen.length;
        await publish(mqttPort, "nut/ups1/cmd/load.off", "PRESS");
        const ok = JSON.parse(
          (await sub.wait("nut/ups1/cmd_result", () => true, from)).payload,
        );
        assertEquals([ok.cmd, ok.result], ["load.off", "OK"]);
        // upsd tracked it and the driver answered (dummy-ups knows no command)
        let result = "";
        await waitFor(
          async () =>
            (result = await tracking(stack.port, ok.tracking)) !== "PENDING",
          10_000,
          20,
          "tracking result",
        );
        // dummy-ups advertises load.off but runs no command: its answer is
        // STAT_INSTCMD_UNKNOWN, which GET TRACKING spells ERR UNKNOWN
        assertEquals(result, "ERR UNKNOWN");
        // a command admin lacks is denied
        from = sub.seen.length;
        await publish(mqttPort, "nut/ups1/cmd/beeper.on", "PRESS");
        const denied = JSON.parse(
          (await sub.wait("nut/ups1/cmd_result", () => true, from)).payload,
        );
        assertEquals([denied.cmd, denied.result], [
          "beeper.on",
          "ACCESS-DENIED",
        ]);
        assertEquals(
          sub.seen.slice(from).filter((m) => m.topic === "nut/ups1/cmd_result")
            .length,
          1,
        );
      },
    );

    await t.step(
      "broker goes away and comes back: upsd serves on, resyncs",
      async () => {
        await sub.stop();
        await broker.stop();
        // NUT protocol untouched while the broker is gone
        stack.writeDev(
          "ups1",
          DEV.replace("battery.charge: 97", "battery.charge: 41"),
        );
        await waitFor(
          async () =>
            (await nutRequest(stack.port, "GET VAR ups1 battery.charge"))
              .trim() ===
              'VAR ups1 battery.charge "41"',
          10_000,
          20,
          "upsd sees 41",
        );
        broker = await startBroker(dir, mqttPort);
        sub = subscribe(mqttPort);
        // the new broker has no retained state: upsd sends it all again
        await sub.wait("nut/status", (p) => p === "online");
        await sub.wait("nut/ups1/var/battery.charge", (p) => p === "41");
        await sub.wait("homeassistant/button/ups1_load_off/config");
        assertEquals(
          (await upsc(stack.port, "ups1")).get("battery.charge"),
          "41",
        );
      },
    );

    await t.step(
      "reload: rights taken away remove the button and deny",
      async () => {
        const from = sub.seen.length;
        Deno.writeTextFileSync(
          `${stack.dir}/upsd.users`,
          USERS.replace(" instcmds = load.off\n", ""),
        );
        Deno.kill(stack.upsdPid, "SIGHUP");
        for (const ups of ["ups1", "ups2"]) {
          await sub.wait(
            `homeassistant/button/${ups}_load_off/config`,
            (p) => p === "",
            from,
          );
        }
        const at = sub.seen.length;
        await publish(mqttPort, "nut/ups1/cmd/load.off", "PRESS");
        const r = JSON.parse(
          (await sub.wait("nut/ups1/cmd_result", () => true, at)).payload,
        );
        assertEquals([r.cmd, r.result], ["load.off", "ACCESS-DENIED"]);
      },
    );

    await t.step("reload: a UPS taken out of ups.conf leaves HA", async () => {
      const from = sub.seen.length;
      const conf = Deno.readTextFileSync(`${stack.dir}/ups.conf`);
      Deno.writeTextFileSync(
        `${stack.dir}/ups.conf`,
        conf.slice(0, conf.indexOf("[ups2]")),
      );
      Deno.kill(stack.upsdPid, "SIGHUP");
      await sub.wait("nut/ups2/availability", (p) => p === "offline", from);
      for (
        const topic of [
          "homeassistant/sensor/ups2_battery_charge/config",
          "homeassistant/binary_sensor/ups2_OB/config",
          "nut/ups2/var/battery.charge",
        ]
      ) await sub.wait(topic, (p) => p === "", from);
      // ups1 stays (a reload re-announces it; nothing of it is cleared)
      assertEquals(
        sub.seen.slice(from).filter((m) =>
          m.topic.includes("/ups1") && m.payload === ""
        ),
        [],
      );
    });

    await t.step("last will: upsd killed → nut/status offline", async () => {
      const from = sub.seen.length;
      Deno.kill(stack.upsdPid, "SIGKILL");
      const will = await sub.wait("nut/status", (p) => p === "offline", from);
      assert(will.payload === "offline");
    });
  } finally {
    await stack.stop();
    await sub.stop();
    await broker.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
