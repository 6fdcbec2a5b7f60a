import { assertEquals } from "../../tests/assert.ts";
import {
  monitorLine,
  replaceDirective,
  setDevices,
  setNotifyFlags,
  setNutMode,
  setUsers,
} from "./edit.ts";
import { parseNutconfArgs } from "./options.ts";

Deno.test({
  name: "nutconf edit: MODE and directives keep comments and layout",
  permissions: "none",
  fn() {
    const nut =
      "# Network UPS Tools: example nut.conf\n#\nMODE=none   \n\nPOWEROFF_WAIT=5\n";
    assertEquals(
      setNutMode(nut, "standalone"),
      "# Network UPS Tools: example nut.conf\n#\nMODE=standalone\n\nPOWEROFF_WAIT=5\n",
    );
    assertEquals(setNutMode("", "netserver"), "MODE=netserver\n");

    const mon =
      "# monitors\nMONITOR a@h 1 u p primary\n# between\nMONITOR b@h 1 u p secondary\nSHUTDOWNCMD x\n";
    assertEquals(
      replaceDirective(mon, "MONITOR", ["MONITOR c@h 1 u p primary"]),
      "# monitors\nMONITOR c@h 1 u p primary\n# between\nSHUTDOWNCMD x\n",
    );
    assertEquals(
      replaceDirective(mon, "MONITOR", ["MONITOR c@h 1 u p primary"], {
        keep: true,
      }),
      "# monitors\nMONITOR a@h 1 u p primary\n# between\nMONITOR b@h 1 u p secondary\nMONITOR c@h 1 u p primary\nSHUTDOWNCMD x\n",
    );
    assertEquals(
      monitorLine({
        ups: "ups",
        host: "::1",
        port: 3494,
        powerValue: 1,
        user: "m",
        password: 'p w"',
        primary: false,
      }),
      'MONITOR ups@[::1]:3494 1 m "p w\\"" secondary',
    );
  },
});

Deno.test({
  name: "nutconf edit: NOTIFYFLAG set and add",
  permissions: "none",
  fn() {
    const t = "NOTIFYFLAG ONBATT SYSLOG\n# keep\n";
    assertEquals(
      setNotifyFlags(t, "ONBATT", ["WALL"], false),
      "NOTIFYFLAG ONBATT WALL\n# keep\n",
    );
    assertEquals(
      setNotifyFlags(t, "ONBATT", ["WALL", "EXEC"], true),
      "NOTIFYFLAG ONBATT SYSLOG+WALL+EXEC\n# keep\n",
    );
    assertEquals(
      setNotifyFlags(t, "LOWBATT", ["EXEC"], true),
      t + "NOTIFYFLAG LOWBATT EXEC\n",
    );
  },
});

Deno.test({
  name: "nutconf edit: devices and users, set versus add",
  permissions: "none",
  fn() {
    const ups =
      "# globals\nmaxretry = 3\n\n# the rack UPS\n[rack]\n\tdriver = usbhid-ups\n\tport = auto # comment\n\n[old]\n\tdriver = x\n\tport = y\n";
    const dev = {
      id: "rack",
      driver: "usbhid-ups",
      port: "auto",
      settings: [["desc", "Rack UPS"]] as Array<[string, string]>,
    };
    assertEquals(
      setDevices(ups, [dev], true),
      '# globals\nmaxretry = 3\n\n# the rack UPS\n[rack]\n\tdriver = usbhid-ups\n\tport = auto # comment\n\tdesc = "Rack UPS"\n\n[old]\n\tdriver = x\n\tport = y\n',
    );
    assertEquals(
      setDevices(ups, [{ ...dev, id: "new", settings: [] }], false),
      "# globals\nmaxretry = 3\n\n[new]\n\tdriver = usbhid-ups\n\tport = auto\n",
    );
    const users = "# users\n[admin]\n\tpassword = a\n\tactions = SET\n";
    assertEquals(
      setUsers(users, [{
        name: "admin",
        actions: ["FSD"],
        instcmds: ["load.off"],
      }], true),
      "# users\n[admin]\n\tpassword = a\n\tactions = SET FSD\n\tinstcmds = load.off\n",
    );
    assertEquals(
      setUsers(users, [{
        name: "upsmon",
        password: "pw",
        actions: [],
        instcmds: [],
        upsmon: "primary",
      }], false),
      "[upsmon]\n\tpassword = pw\n\tupsmon primary\n",
    );
  },
});

Deno.test({
  name: "nutconf options: NUT's grouping and errors",
  permissions: "none",
  fn() {
    const o = parseNutconfArgs([
      "--add-device",
      "ups1",
      "dummy-ups",
      "ups1.dev",
      "desc=Rack",
      "--set-monitor",
      "ups1",
      "localhost:3494",
      "1",
      "mon",
      "pw",
      "master",
      "--add-user",
      "upsmon=slave",
      "password=x",
      "--set-notifyflags",
      "ONBATT",
      "SYSLOG+WALL",
    ]);
    assertEquals(o.errors, []);
    assertEquals(o.devices, [{
      id: "ups1",
      driver: "dummy-ups",
      port: "ups1.dev",
      settings: [["desc", "Rack"]],
    }]);
    assertEquals(o.monitors[0]!.port, 3494);
    assertEquals(o.monitors[0]!.primary, true);
    assertEquals(o.users[0], {
      name: "upsmon",
      upsmon: "secondary",
      password: "x",
      actions: [],
      instcmds: [],
    });
    assertEquals(o.notifyFlags, [{
      type: "ONBATT",
      flags: ["SYSLOG", "WALL"],
      keep: false,
    }]);
    assertEquals(
      parseNutconfArgs(["--set-user", "a", "--add-user", "b"]).errors,
      [
        "Option error: --set-user and --add-user options can't both be specified",
      ],
    );
    assertEquals(parseNutconfArgs(["stray", "--bogus"]).errors, [
      "Unexpected argument: stray",
      "Unknown option: --bogus",
    ]);
    assertEquals(parseNutconfArgs(["--set-mode", "server"]).errors, [
      'Option error: Unknown NUT mode: "server"',
    ]);
  },
});

Deno.test({
  name: "nutconf edit: a line ending in a backslash does not swallow new lines",
  permissions: "none",
  fn() {
    // found by the config fuzz: `\` at the end continues the line
    assertEquals(
      replaceDirective("SHUTDOWNCMD x \\\n", "MONITOR", [
        "MONITOR a@h 1 u p primary",
      ]),
      "SHUTDOWNCMD x \\\n\nMONITOR a@h 1 u p primary\n",
    );
    assertEquals(
      replaceDirective(
        "MONITOR a@h 1 u p primary\nX \\\nMONITOR b@h 1 u p primary\nY 1\n",
        "MONITOR",
        ["MONITOR c@h 1 u p primary"],
      ),
      "MONITOR c@h 1 u p primary\nX \\\n\nY 1\n",
    );
    assertEquals(
      setDevices("[a]\n\tdriver = x \\\n", [{
        id: "a",
        driver: "x",
        port: "p",
        settings: [],
      }], true),
      "[a]\n\tdriver = x\n\tport = p\n", // the continued line is rewritten
    );
    assertEquals(replaceDirective("A \\\\\n", "B", ["B 1"]), "A \\\\\nB 1\n");
  },
});
