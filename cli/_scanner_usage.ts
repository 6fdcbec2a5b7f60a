/**
 * nut-scanner's usage text: NUT 2.8.0's, with the buses this build has
 * (no Avahi), master's `-n`, and our `-J` and setup options.
 *
 * @module
 */

/** Default `-T` (scanning threads). */
export const DEFAULT_THREADS = 512;
/** Default `-t` (network timeout, seconds). */
export const DEFAULT_TIMEOUT_S = 5;

/** The text `-h` prints. */
export const USAGE =
  `nut-scanner : utility for detection of available power devices.

OPTIONS:
  -C, --complete_scan: Scan all available devices except serial ports (default).
  -U, --usb_scan: Scan USB devices.
  -S, --snmp_scan: Scan SNMP devices using built-in mapping definitions.
  -M, --xml_scan: Scan XML/HTTP devices.
  -O, --oldnut_scan: Scan NUT devices (old method).
  -n, --nut_simulation_scan: Scan for NUT simulation devices (.dev and .seq files).
* Options for NUT devices (avahi method) scan not enabled: library not detected.
  -I, --ipmi_scan: Scan IPMI devices.
  -E, --eaton_serial <serial ports list>: Scan serial Eaton devices (Q1).
  -T, --thread <max number of threads>: Limit the amount of scanning threads running simultaneously (default: ${DEFAULT_THREADS}).

Network specific options:
  -t, --timeout <timeout in seconds>: network operation timeout (default ${DEFAULT_TIMEOUT_S}).
  -s, --start_ip <IP address>: First IP address to scan.
  -e, --end_ip <IP address>: Last IP address to scan.
  -m, --mask_cidr <IP address/mask>: Give a range of IP using CIDR notation.

SNMP v1 specific options:
  -c, --community <community name>: Set SNMP v1 community name (default = public)

SNMP v3 specific options:
  -l, --secLevel <security level>: Set the securityLevel used for SNMPv3 messages (allowed values: noAuthNoPriv, authNoPriv, authPriv)
  -u, --secName <security name>: Set the securityName used for authenticated SNMPv3 messages (mandatory if you set secLevel. No default)
  -w, --authProtocol <authentication protocol>: Set the authentication protocol (MD5, SHA, SHA256, SHA384, SHA512) used for authenticated SNMPv3 messages (default=MD5 if available)
  -W, --authPassword <authentication pass phrase>: Set the authentication pass phrase used for authenticated SNMPv3 messages (mandatory if you set secLevel to authNoPriv or authPriv)
  -x, --privProtocol <privacy protocol>: Set the privacy protocol (DES, AES, AES192, AES256) used for encrypted SNMPv3 messages (default=DES if available)
  -X, --privPassword <privacy pass phrase>: Set the privacy pass phrase used for encrypted SNMPv3 messages (mandatory if you set secLevel to authPriv)

IPMI over LAN specific options:
  -b, --username <username>: Set the username used for authenticating IPMI over LAN connections (mandatory for IPMI over LAN. No default)
  -B, --password <password>: Specify the password to use when authenticationg with the remote host (mandatory for IPMI over LAN. No default)
  -d, --authType <authentication type>: Specify the IPMI 1.5 authentication type to use (NONE, STRAIGHT_PASSWORD_KEY, MD2, and MD5) with the remote host (default=MD5)
  -L, --cipher_suite_id <cipher suite id>: Specify the IPMI 2.0 cipher suite ID to use, for authentication, integrity, and confidentiality (default=3)

NUT specific options:
  -p, --port <port number>: Port number of remote NUT upsd

display specific options:
  -N, --disp_nut_conf: Display result in the ups.conf format
  -P, --disp_parsable: Display result in a parsable format
  -J, --json, --disp_json: Display result as a JSON array (deno-nut)

Setup options:
  --write-config <dir>: Write a complete standalone setup for the devices found
      (nut.conf, ups.conf, upsd.conf, upsd.users with generated passwords, upsmon.conf)
  --listen-port <port>: upsd port of that setup (default 3493)

Miscellaneous options:
  -V, --version: Display NUT version
  -a, --available: Display available bus that can be scanned
  -q, --quiet: Display only scan result. No information on currently scanned bus is displayed.
  -D, --nut_debug_level: Raise the debugging level.  Use this multiple times to see more details.
`;
