/**
 * The static driver registry: NUT driver name → definition. Static imports
 * only, so that `deno compile` embeds every driver; upsdrvctl and
 * nut-scanner look drivers up here.
 *
 * @module
 */
import type { DriverDefinition } from "../src/driver/types.ts";
import { def as apcmicrolink } from "./apcmicrolink.ts";
import { def as apcsmart } from "./apcsmart.ts";
import { def as apcupsdUps } from "./apcupsd_ups.ts";
import { def as bcmxcp } from "./bcmxcp.ts";
import { def as bcmxcpUsb } from "./bcmxcp_usb.ts";
import { def as blazerSer } from "./blazer_ser.ts";
import { def as blazerUsb } from "./blazer_usb.ts";
import { def as clone } from "./clone.ts";
import { def as cloneOutlet } from "./clone_outlet.ts";
import { def as failover } from "./failover.ts";
import { def as genericups } from "./genericups.ts";
import { def as mgeShut } from "./mge_shut.ts";
import { dummyUps } from "./dummy_ups.ts";
import { def as netxmlUps } from "./netxml_ups.ts";
import { def as nutIpmipsu } from "./nut_ipmipsu.ts";
import { def as nutdrvQx } from "./nutdrv_qx.ts";
import { def as nutdrvAtclUsb } from "./nutdrv_atcl_usb.ts";
import { def as mgeUtalk } from "./mge_utalk.ts";
import { def as masterguard } from "./masterguard.ts";
import { def as powerpanel } from "./powerpanel.ts";
import { def as tripplitesu } from "./tripplitesu.ts";
import { def as liebertGxe } from "./liebert_gxe.ts";
import { def as genericModbus } from "./generic_modbus.ts";
import { def as phoenixcontactModbus } from "./phoenixcontact_modbus.ts";
import { def as socomecJbus } from "./socomec_jbus.ts";
import { def as huaweiUps2000 } from "./huawei_ups2000.ts";
import { def as adelsystemCbi } from "./adelsystem_cbi.ts";
import { def as mustEp2000pro } from "./must_ep2000pro.ts";
import { def as apcModbus } from "./apc_modbus.ts";
import { def as belkin } from "./belkin.ts";
import { def as safenet } from "./safenet.ts";
import { def as ivtscd } from "./ivtscd.ts";
import { def as optiups } from "./optiups.ts";
import { def as isbmex } from "./isbmex.ts";
import { def as belkinunv } from "./belkinunv.ts";
import { def as bestups } from "./bestups.ts";
import { def as bestfortress } from "./bestfortress.ts";
import { def as etapro } from "./etapro.ts";
import { def as bestuferrups } from "./bestuferrups.ts";
import { def as bestfcom } from "./bestfcom.ts";
import { def as everups } from "./everups.ts";
import { def as oneac } from "./oneac.ts";
import { def as apcsmartOld } from "./apcsmart_old.ts";
import { def as microdowell } from "./microdowell.ts";
import { def as rhino } from "./rhino.ts";
import { def as solis } from "./solis.ts";
import { def as microsolApc } from "./microsol_apc.ts";
import { def as siemensSitop } from "./nutdrv_siemens_sitop.ts";
import { def as powercom } from "./powercom.ts";
import { def as rielloSer } from "./riello_ser.ts";
import { def as rielloUsb } from "./riello_usb.ts";
import { def as richcommUsb } from "./richcomm_usb.ts";
import { def as tripplite } from "./tripplite.ts";
import { def as tripliteUsb } from "./tripplite_usb.ts";
import { def as victronups } from "./victronups.ts";
import { def as liebert } from "./liebert.ts";
import { def as gamatronic } from "./gamatronic.ts";
import { def as liebertEsp2 } from "./liebert_esp2.ts";
import { def as metasys } from "./metasys.ts";
import { def as al175 } from "./al175.ts";
import { def as upscode2 } from "./upscode2.ts";
import { def as nhsSer } from "./nhs_ser.ts";
import { def as bickerSer } from "./bicker_ser.ts";
import { def as powervarCxSer } from "./powervar_cx_ser.ts";
import { def as powervarCxUsb } from "./powervar_cx_usb.ts";
import { def as meanwellNtu } from "./meanwell_ntu.ts";
import { def as nutdrvHashx } from "./nutdrv_hashx.ts";
import { def as ragtech } from "./ragtech.ts";
import { def as smsSer } from "./sms_ser.ts";
import { snmpUps } from "./snmp_ups.ts";
import { usbhidUps } from "./usbhid_ups.ts";

/** Every driver this project ships, by NUT binary name. */
export const DRIVERS: Readonly<Record<string, DriverDefinition>> = {
  "apcmicrolink": apcmicrolink,
  "apcsmart": apcsmart,
  "apcupsd-ups": apcupsdUps,
  "bcmxcp": bcmxcp,
  "bcmxcp_usb": bcmxcpUsb,
  "blazer_ser": blazerSer,
  "blazer_usb": blazerUsb,
  "clone": clone,
  "clone-outlet": cloneOutlet,
  "dummy-ups": dummyUps,
  "failover": failover,
  "genericups": genericups,
  "upscode2": upscode2,
  "al175": al175,
  "metasys": metasys,
  "liebert-esp2": liebertEsp2,
  "gamatronic": gamatronic,
  "liebert": liebert,
  "mge-shut": mgeShut,
  "netxml-ups": netxmlUps,
  "nut-ipmipsu": nutIpmipsu,
  "nutdrv_qx": nutdrvQx,
  "nutdrv_atcl_usb": nutdrvAtclUsb,
  "mge-utalk": mgeUtalk,
  "masterguard": masterguard,
  "powerpanel": powerpanel,
  "tripplitesu": tripplitesu,
  "liebert-gxe": liebertGxe,
  "generic_modbus": genericModbus,
  "phoenixcontact_modbus": phoenixcontactModbus,
  "socomec_jbus": socomecJbus,
  "huawei-ups2000": huaweiUps2000,
  "adelsystem_cbi": adelsystemCbi,
  "must_ep2000pro": mustEp2000pro,
  "apc_modbus": apcModbus,
  "belkin": belkin,
  "safenet": safenet,
  "ivtscd": ivtscd,
  "optiups": optiups,
  "isbmex": isbmex,
  "belkinunv": belkinunv,
  "bestups": bestups,
  "bestfortress": bestfortress,
  "etapro": etapro,
  "bestuferrups": bestuferrups,
  "bestfcom": bestfcom,
  "everups": everups,
  "oneac": oneac,
  "apcsmart-old": apcsmartOld,
  "microdowell": microdowell,
  "rhino": rhino,
  "solis": solis,
  "microsol-apc": microsolApc,
  "nutdrv_siemens-sitop": siemensSitop,
  "powercom": powercom,
  "riello_ser": rielloSer,
  "riello_usb": rielloUsb,
  "richcomm_usb": richcommUsb,
  "tripplite": tripplite,
  "tripplite_usb": tripliteUsb,
  "snmp-ups": snmpUps,
  "victronups": victronups,
  "usbhid-ups": usbhidUps,
  "meanwell_ntu": meanwellNtu,
  "nutdrv_hashx": nutdrvHashx,
  "ragtech": ragtech,
  "sms_ser": smsSer,
  "bicker_ser": bickerSer,
  "powervar_cx_ser": powervarCxSer,
  "powervar_cx_usb": powervarCxUsb,
  "nhs_ser": nhsSer,
};

/** The definition of a driver by its NUT name, or undefined. */
export function findDriver(name: string): DriverDefinition | undefined {
  return Object.hasOwn(DRIVERS, name) ? DRIVERS[name] : undefined;
}
