/**
 * dummy-ups' setvar(): how a file line, a repeated variable or a SET from
 * upsd lands in the state, with the nut_data flags.
 *
 * @module
 */
import type { CommandResult, DriverState } from "../../src/driver/types.ts";
import { DEFAULT_INFO, findInfo } from "./nut_data.ts";

/** Applies one variable the way dummy-ups' setvar() does. */
export function dummySetvar(
  state: DriverState,
  name: string,
  value: string,
): CommandResult {
  if (name.startsWith("ups.status")) {
    state.setStatus(value === "" ? [] : [value]);
    return "handled";
  }
  if (value === "") {
    state.del(name);
    return "handled";
  }
  state.set(name, value);
  const info = findInfo(name);
  const target = info?.name ?? name;
  const string = info ? info.string : DEFAULT_INFO.string;
  state.setFlags(target, string ? ["RW", "STRING"] : ["RW"]);
  if (string) state.setAux(target, info ? info.len : DEFAULT_INFO.len);
  return "handled";
}
