/**
 * Two simulated Microlink units: an SMT1500RMI2U (authentication
 * required, main outlet group plus one switched group, on line) and an
 * SMX3000 (no authentication, two switched groups, 28-byte pages, on
 * battery). Paths are the ones NUT's apcmicrolink-maps.c names; the raw
 * values are chosen here and documented beside each.
 *
 * @module
 */
import {
  child,
  coll,
  enter,
  MicrolinkUnit,
  type Node,
  use,
} from "./microlink.ts";

/** The descriptor tree both units share (switched groups vary). */
function tree(switched: number, auth: boolean, outlets = true): Node[] {
  return [
    enter(
      0x02,
      child(
        0x04,
        child(
          0x09,
          use(0x40, 14), // serial
          use(0x42, 20), // sku
          use(0x44, 20), // model
          use(0x1b), // product id
          use(0x1c), // vendor id
          use(0x19), // manufacture date
          use(0x45, 2, { skip: true }), // skipped usage
        ),
        ...(auth ? [child(0x08, use(0x05, 4), use(0x06, 4), use(0x09))] : []),
        use(0x0a, 4), // status word
        use(0x82, 8), // ups.id
        child(
          0x05,
          use(0x20), // charge, bp 9
          use(0x21), // voltage, signed bp 5
          use(0x22), // temperature, signed bp 7
          use(0x9f, 4), // runtime
          use(0x48), // battery.date
          use(0x11), // test result
          use(0x18), // test interval
          use(0x74), // lifetime status
          use(0x31), // low runtime warning
          use(0x77), // not mapped by NUT
          use(0x42, 10), // battery sku
          child(0x0f, use(0x69, 4)),
        ),
        child(
          0x06,
          use(0x25), // input voltage bp 6
          use(0x27), // input frequency bp 7
          use(0x16), // input quality bits
          use(0xba), // transfer delay (enum)
        ),
        child(
          0x07,
          use(0x25), // output voltage bp 6
          use(0x26), // output current bp 5
          use(0x27), // output frequency bp 7
          use(0x28), // real power % bp 8
          use(0x2a), // realpower.nominal
          use(0x2b), // power.nominal
          use(0x49), // power % bp 8
          use(0x0d, 2, { extra: [0xfa, 0x00, 0xf0, 0x01, 0x0e] }), // high, min/max
          use(0x0e, 2, { extra: [0xf9, 0x00, 0xa0] }), // low, one option
          use(0x2c), // voltage setting bits
        ),
        ...(outlets
          ? [
            child(
              0x3e,
              use(0xb6),
              use(0x82, 8),
              use(0xb8),
              use(0xb7),
              use(0xb9),
              use(0x84, 4),
            ),
            coll(
              0x3d,
              switched,
              use(0xb6),
              use(0x82, 8),
              use(0x2d),
              use(0xb8),
              use(0xad),
            ),
          ]
          : []),
        child(0x0b, use(0x3b)), // user interface command
        use(0xb5, 4), // outlet command
      ),
      use(0x10), // battery test command
      use(0x11), // test result
      use(0x12), // runtime calibration command
      use(0x13), // calibration status
      use(0x14, 4), // UPS command
      use(0x0b, 1), // last transfer cause
    ),
    enter(0x03, use(0x4a, 16), use(0x17), use(0x2b), use(0x26, 4)),
  ];
}

/** Fills the values every unit has. */
function common(u: MicrolinkUnit): void {
  u.setText("2:4.9.42", "SMT1500RMI2U");
  u.setNum("2:4.9.1B", 0x0003);
  u.setNum("2:4.9.1C", 0x051d);
  u.setNum("2:4.9.19", 7041); // 2019-04-12
  u.setNum("2:4.9.45", 0x1234);
  u.setText("2:4.82", "rack-a");
  u.setNum("2:4.5.20", 100 * 512); // 100 %
  u.setNum("2:4.5.21", 874); // 27.3125 V
  u.setNum("2:4.5.22", 3136); // 24.5 C
  u.setNum("2:4.5.9F", 3720);
  u.setNum("2:4.5.48", 8552); // 2023-06-01
  u.setNum("2:4.5.11", 4); // Passed
  u.setNum("2:4.5.18", 8); // OnStartUpPlus14
  u.setNum("2:4.5.74", 1); // LifeTimeStatusOK
  u.setNum("2:4.5.31", 150);
  u.setNum("2:4.5.77", 0xbeef);
  u.setText("2:4.5.42", "APCRBC133");
  u.setNum("2:4.5.F.69", 86400);
  u.setNum("2:4.6.25", 14746); // 230.40625 V
  u.setNum("2:4.6.27", 6400); // 50 Hz
  u.setNum("2:4.6.16", 1 | 0x8000); // Acceptable PoweringLoad
  u.setNum("2:4.6.BA", 0); // NoDelay
  u.setNum("2:4.7.25", 14720); // 230 V
  u.setNum("2:4.7.26", 40); // 1.25 A
  u.setNum("2:4.7.27", 6400);
  u.setNum("2:4.7.28", 6016); // 23.5 %
  u.setNum("2:4.7.2A", 1000);
  u.setNum("2:4.7.2B", 1500);
  u.setNum("2:4.7.49", 6410); // 25.0390625: glibc rounds to 25.039062
  u.setNum("2:4.7.D", 253);
  u.setNum("2:4.7.E", 208);
  u.setNum("2:4.7.2C", 32); // VAC230
  u.setNum("2:4.3E.B6", 1); // StateOn
  u.setText("2:4.3E.82", "Main");
  u.setNum("2:4.3E.B8", 90);
  u.setNum("2:4.3E.B7", 8);
  u.setNum("2:4.3E.B9", -1); // Disabled
  u.setNum("2:4.3E.84", 2); // UPSStatusChange
  u.setNum("2:B", 8); // AcceptableInput
  u.setText("3:4A", "UPS 09.5 (ID18)");
  u.setNum("3:17", 12224); // 95.5 %
  u.setNum("3:2B", 1); // en
  u.setNum("3:26", 12345);
}

/** SMT1500RMI2U: authentication, one switched group, on line. */
export function smt1500(): MicrolinkUnit {
  const u = new MicrolinkUnit(tree(1, true), { flags: 0x09 });
  common(u);
  u.setText("2:4.9.40", "AS1234567890");
  u.setText("2:4.9.44", "Smart-UPS 1500");
  u.setNum("2:4.8.6", 0x12345678);
  u.setNum("2:4.A", 2); // OL
  u.setNum("2:4.3D[0].B6", 2); // StateOff
  u.setText("2:4.3D[0].82", "Group1");
  u.setNum("2:4.3D[0].2D", -1); // NotActive
  u.setNum("2:4.3D[0].B8", 120);
  u.setNum("2:4.3D[0].AD", 0); // CountdownExpired
  return u;
}

/** SMX3000: no authentication, two switched groups, 28-byte pages, on battery with a fault. */
export function smx3000(): MicrolinkUnit {
  const u = new MicrolinkUnit(tree(2, false), { flags: 0x08, width: 28 });
  common(u);
  u.setText("2:4.9.40", "3S2201X01234");
  u.setText("2:4.9.44", "Smart-UPS X 3000");
  u.setNum("2:4.A", 4 | 32); // OB, General fault
  u.setNum("2:4.5.22", -320); // -2.5 C
  u.setNum("3:17", -4); // OnBattery
  for (const i of [0, 1]) {
    u.setNum(`2:4.3D[${i}].B6`, 1 | 0x200); // StateOn PendingOffDelay
    u.setText(`2:4.3D[${i}].82`, `Bank ${i + 1}`);
    u.setNum(`2:4.3D[${i}].2D`, 45);
    u.setNum(`2:4.3D[${i}].B8`, -1);
    u.setNum(`2:4.3D[${i}].AD`, -1);
  }
  return u;
}

/** An SMT750 without outlet groups in its descriptor (no outlet commands, so `-k` has nothing to send). */
export function smt750(): MicrolinkUnit {
  const u = new MicrolinkUnit(tree(0, true, false), { flags: 0x09 });
  u.setText("2:4.9.40", "AS0000000750");
  u.setText("2:4.9.44", "Smart-UPS 750");
  u.setNum("2:4.8.6", 0x0badf00d);
  u.setNum("2:4.A", 2);
  return u;
}
