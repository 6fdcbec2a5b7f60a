/**
 * snmp-ups: UPSes, ePDUs and ATSes reached over SNMP v1/v2c/v3, read
 * through the MIB-to-NUT mappings of drivers/snmp/ (ietf, apcc, mge, pw,
 * eaton_epdu, cyberpower and the others NUT ships; `-x mibs=--list` lists
 * them). `port` is the agent's host (`host:port` for another UDP port).
 *
 * Without an agent, `-x snmprec=FILE` serves an snmpsim recording in
 * memory through the same code (tests, fuzzing, demos).
 *
 * @module
 */
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";
import { snmpUps } from "./snmp/definition.ts";

export { snmpUps };

if (import.meta.main) runMain((args, io) => driverMain(snmpUps, args, io));
