/**
 * Device discovery for nut-scanner: one scanner per bus, the IP range and
 * serial port helpers, and the output formats. The driver tables (USB IDs)
 * come in as parameters; this module never imports drivers/.
 *
 * @module
 */
export {
  type Bus,
  BUS_ORDER,
  inDisplayOrder,
  PARSABLE_TYPE,
  type ScanDevice,
} from "./device.ts";
export { formatJson, formatParsable, formatUpsConf } from "./display.ts";
export {
  cidrToRange,
  expandRange,
  formatIp,
  type IpRange,
  ipRange,
  parseIp,
  rangeSize,
} from "./ip_range.ts";
export { mapBounded } from "./pool.ts";
export {
  listUpsNames,
  nutPort,
  type NutScanOptions,
  scanNut,
  type UpsLister,
} from "./nut.ts";
export {
  describe as describeSnmpValue,
  probeSnmpHost,
  scanSnmp,
  type SnmpScanOptions,
  type SnmpSecurity,
  snmpSessionOptions,
} from "./snmp.ts";
export { SNMP_DEVICE_TABLE, type SnmpDeviceId } from "./snmp_table.ts";
export {
  isSimulationFile,
  scanSimulation,
  simulationDevices,
} from "./simulation.ts";
export {
  enumerateUsb,
  matchUsb,
  scanUsb,
  type UsbDeviceInfo,
  type UsbEnumerator,
  type UsbIdEntry,
  usbIdTable,
  type UsbScanResult,
} from "./usb.ts";
export {
  ERR_OUT_OF_BOUND,
  isQ1Reply,
  openSerialPort,
  probeQ1,
  type Q1ProbeOptions,
  scanEatonSerial,
  type SerialOpener,
  serialPortsList,
} from "./serial.ts";
export {
  scanXml,
  scanXmlHost,
  XML_SCAN_PORT,
  type XmlScanOptions,
} from "./xml.ts";
export {
  decodeReply,
  parseReply,
  readTag,
  REPLY_MAX,
  type Tag,
  xmlDevice,
} from "./xml_reply.ts";
export {
  fruIdsPresent,
  hasPowerSupplyRecord,
  IPMI_AUTH_TYPES,
  ipmiLanArgs,
  type IpmiScanOptions,
  type IpmiToolRunner,
  runFreeIpmi,
  scanIpmi,
  scanIpmiHost,
} from "./ipmi.ts";
