/*
 * A libusb-1.0 stand-in for tests: NUT's USB drivers load it in place of
 * libusb-1.0.so.0 (LD_LIBRARY_PATH) and every call they make is forwarded to
 * the USB simulator (tests/sim/usb/server.ts) over the Unix socket named by
 * USBSIM_SOCKET. Written for this project; only the public libusb-1.0 ABI
 * (function signatures, struct layouts, error codes) is mirrored, for the
 * symbols NUT 2.8.0's drivers import plus a few neighbours.
 *
 * Wire format (little-endian): request  = u32 length, u8 op, u32 device id,
 * op arguments; response = u32 length, i32 status, data.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#define API __attribute__((visibility("default")))

enum {
	OP_LIST = 1, OP_OPEN = 2, OP_CLOSE = 3, OP_CONTROL = 4, OP_INTERRUPT = 5,
	OP_BULK = 6, OP_RESET = 7, OP_CLAIM = 8, OP_RELEASE = 9, OP_SETALT = 10,
	OP_CLEAR_HALT = 11, OP_SET_CONFIG = 12
};

enum {
	E_SUCCESS = 0, E_IO = -1, E_INVALID_PARAM = -2, E_ACCESS = -3,
	E_NO_DEVICE = -4, E_NOT_FOUND = -5, E_BUSY = -6, E_TIMEOUT = -7,
	E_OVERFLOW = -8, E_PIPE = -9, E_INTERRUPTED = -10, E_NO_MEM = -11,
	E_NOT_SUPPORTED = -12, E_OTHER = -99
};

/* --- public ABI structs (layout as in libusb.h) --- */
struct libusb_device_descriptor {
	uint8_t bLength, bDescriptorType;
	uint16_t bcdUSB;
	uint8_t bDeviceClass, bDeviceSubClass, bDeviceProtocol, bMaxPacketSize0;
	uint16_t idVendor, idProduct, bcdDevice;
	uint8_t iManufacturer, iProduct, iSerialNumber, bNumConfigurations;
};
struct libusb_endpoint_descriptor {
	uint8_t bLength, bDescriptorType, bEndpointAddress, bmAttributes;
	uint16_t wMaxPacketSize;
	uint8_t bInterval, bRefresh, bSynchAddress;
	const unsigned char *extra;
	int extra_length;
};
struct libusb_interface_descriptor {
	uint8_t bLength, bDescriptorType, bInterfaceNumber, bAlternateSetting,
		bNumEndpoints, bInterfaceClass, bInterfaceSubClass,
		bInterfaceProtocol, iInterface;
	const struct libusb_endpoint_descriptor *endpoint;
	const unsigned char *extra;
	int extra_length;
};
struct libusb_interface {
	const struct libusb_interface_descriptor *altsetting;
	int num_altsetting;
};
struct libusb_config_descriptor {
	uint8_t bLength, bDescriptorType;
	uint16_t wTotalLength;
	uint8_t bNumInterfaces, bConfigurationValue, iConfiguration,
		bmAttributes, MaxPower;
	const struct libusb_interface *interface;
	const unsigned char *extra;
	int extra_length;
};
struct libusb_version {
	const uint16_t major, minor, micro, nano;
	const char *rc;
	const char *describe;
};

/* --- opaque objects --- */
typedef struct libusb_context { int unused; } libusb_context;
typedef struct libusb_device {
	uint32_t id;
	uint8_t bus, address, nports, ports[8];
	struct libusb_device_descriptor desc;
	unsigned char *config;
	int config_len;
	int refs;
} libusb_device;
typedef struct libusb_device_handle {
	libusb_device *dev;
} libusb_device_handle;

static int sock = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static libusb_context default_ctx;

static int debug_on(void)
{
	return getenv("USBSIM_DEBUG") != NULL;
}

static int connect_sim(void)
{
	const char *path = getenv("USBSIM_SOCKET");
	struct sockaddr_un sa;
	if (sock >= 0) return 0;
	if (!path || strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "libusb stand-in: USBSIM_SOCKET not set\n");
		return E_OTHER;
	}
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0) return E_OTHER;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, path);
	if (connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "libusb stand-in: cannot reach %s: %s\n", path,
			strerror(errno));
		close(sock);
		sock = -1;
		return E_OTHER;
	}
	return 0;
}

static int io_all(int write_side, unsigned char *p, size_t n)
{
	while (n) {
		ssize_t r = write_side ? write(sock, p, n) : read(sock, p, n);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static void put16(unsigned char *p, uint16_t v) { p[0] = v & 0xff; p[1] = v >> 8; }
static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}
static uint32_t get32(const unsigned char *p)
{
	return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

/*
 * One request/response exchange. `args` follow the op and device id.
 * The response data (after the status) is copied to `out` (at most
 * `out_max` bytes); `*out_len` gets its full length. Returns the status.
 */
static int rpc(uint8_t op, uint32_t id, const unsigned char *args,
	size_t args_len, unsigned char *out, size_t out_max, size_t *out_len)
{
	unsigned char head[9], rhead[8];
	unsigned char *body;
	uint32_t len;
	int status;
	size_t data_len;

	pthread_mutex_lock(&lock);
	if (connect_sim() < 0) {
		pthread_mutex_unlock(&lock);
		return E_OTHER;
	}
	put32(head, (uint32_t)(5 + args_len));
	head[4] = op;
	put32(head + 5, id);
	if (io_all(1, head, 9) < 0 ||
	    (args_len && io_all(1, (unsigned char *)args, args_len) < 0) ||
	    io_all(0, rhead, 8) < 0) {
		close(sock);
		sock = -1;
		pthread_mutex_unlock(&lock);
		return E_IO;
	}
	len = get32(rhead);
	status = (int)get32(rhead + 4);
	data_len = len - 4;
	body = malloc(data_len + 1);
	if (!body || io_all(0, body, data_len) < 0) {
		free(body);
		close(sock);
		sock = -1;
		pthread_mutex_unlock(&lock);
		return E_IO;
	}
	pthread_mutex_unlock(&lock);
	if (out) memcpy(out, body, data_len < out_max ? data_len : out_max);
	if (out_len) *out_len = data_len;
	free(body);
	return status;
}

/* --- library --- */
API int libusb_init(libusb_context **ctx)
{
	if (ctx) *ctx = &default_ctx;
	if (debug_on()) fprintf(stderr, "libusb stand-in: init\n");
	return 0;
}

API void libusb_exit(libusb_context *ctx) { (void)ctx; }

API const struct libusb_version *libusb_get_version(void)
{
	static const struct libusb_version v = {
		1, 0, 26, 11724, "", "usb simulator stand-in"
	};
	return &v;
}

API const char *libusb_strerror(int code)
{
	switch (code) {
	case E_SUCCESS: return "Success";
	case E_IO: return "Input/Output Error";
	case E_INVALID_PARAM: return "Invalid parameter";
	case E_ACCESS: return "Access denied (insufficient permissions)";
	case E_NO_DEVICE: return "No such device (it may have been disconnected)";
	case E_NOT_FOUND: return "Entity not found";
	case E_BUSY: return "Resource busy";
	case E_TIMEOUT: return "Operation timed out";
	case E_OVERFLOW: return "Overflow";
	case E_PIPE: return "Pipe error";
	case E_INTERRUPTED: return "System call interrupted (perhaps due to signal)";
	case E_NO_MEM: return "Insufficient memory";
	case E_NOT_SUPPORTED: return "Operation not supported or unimplemented on this platform";
	default: return "Other error";
	}
}

API const char *libusb_error_name(int code) { return libusb_strerror(code); }

API int libusb_set_option(libusb_context *ctx, int option, ...)
{
	(void)ctx; (void)option;
	return 0;
}

API void libusb_set_debug(libusb_context *ctx, int level) { (void)ctx; (void)level; }

API ssize_t libusb_get_device_list(libusb_context *ctx, libusb_device ***list)
{
	static unsigned char buf[65536];
	size_t len = 0, at = 0;
	int count, i;
	libusb_device **out;
	(void)ctx;

	count = rpc(OP_LIST, 0, NULL, 0, buf, sizeof(buf), &len);
	if (count < 0) count = 0; /* simulator away: an empty bus */
	out = calloc((size_t)count + 1, sizeof(*out));
	if (!out) return E_NO_MEM;
	for (i = 0; i < count && at + 24 <= len; i++) {
		libusb_device *d = calloc(1, sizeof(*d));
		uint16_t cl;
		d->id = get32(buf + at);
		d->bus = buf[at + 4];
		d->address = buf[at + 5];
		d->nports = buf[at + 6] > 8 ? 8 : buf[at + 6];
		memcpy(d->ports, buf + at + 7, d->nports);
		at += 7 + buf[at + 6];
		memcpy(&d->desc, buf + at, 18); /* little-endian host assumed */
		at += 18;
		cl = (uint16_t)(buf[at] | (buf[at + 1] << 8));
		at += 2;
		d->config = malloc(cl ? cl : 1);
		memcpy(d->config, buf + at, cl);
		d->config_len = cl;
		at += cl;
		d->refs = 1;
		out[i] = d;
	}
	*list = out;
	return i;
}

/* Devices stay allocated: a handle may outlive its list (a few bytes per scan). */
API void libusb_free_device_list(libusb_device **list, int unref)
{
	(void)unref;
	free(list);
}

API libusb_device *libusb_ref_device(libusb_device *d) { d->refs++; return d; }
API void libusb_unref_device(libusb_device *d) { if (d) d->refs--; }

API int libusb_get_device_descriptor(libusb_device *d,
	struct libusb_device_descriptor *desc)
{
	memcpy(desc, &d->desc, sizeof(*desc));
	return 0;
}

API uint8_t libusb_get_bus_number(libusb_device *d) { return d->bus; }
API uint8_t libusb_get_device_address(libusb_device *d) { return d->address; }
API uint8_t libusb_get_port_number(libusb_device *d)
{
	return d->nports ? d->ports[d->nports - 1] : 0;
}
API int libusb_get_port_numbers(libusb_device *d, uint8_t *ports, int len)
{
	if (len < d->nports) return E_OVERFLOW;
	memcpy(ports, d->ports, d->nports);
	return d->nports;
}

/* Parses a configuration descriptor into libusb's nested structs. */
API int libusb_get_config_descriptor(libusb_device *d, uint8_t index,
	struct libusb_config_descriptor **config)
{
	const unsigned char *p = d->config, *end = d->config + d->config_len;
	struct libusb_config_descriptor *c;
	struct libusb_interface *ifs;
	struct libusb_interface_descriptor *cur = NULL;
	struct libusb_endpoint_descriptor *ep = NULL;
	int n;

	if (index != 0) return E_NOT_FOUND;
	if (d->config_len < 9) return E_IO;
	c = calloc(1, sizeof(*c));
	c->bLength = p[0];
	c->bDescriptorType = p[1];
	c->wTotalLength = (uint16_t)(p[2] | (p[3] << 8));
	c->bNumInterfaces = p[4];
	c->bConfigurationValue = p[5];
	c->iConfiguration = p[6];
	c->bmAttributes = p[7];
	c->MaxPower = p[8];
	ifs = calloc(c->bNumInterfaces ? c->bNumInterfaces : 1, sizeof(*ifs));
	c->interface = ifs;
	for (p += p[0]; p + 2 <= end && p[0] >= 2; p += p[0]) {
		if (p[1] == 4 && p[2] < c->bNumInterfaces) {
			struct libusb_interface *f = &ifs[p[2]];
			struct libusb_interface_descriptor *alts =
				realloc((void *)f->altsetting,
					sizeof(*alts) * (size_t)(f->num_altsetting + 1));
			cur = &alts[f->num_altsetting];
			memset(cur, 0, sizeof(*cur));
			memcpy(cur, p, 9);
			cur->endpoint = calloc(p[4] ? p[4] : 1, sizeof(*ep));
			cur->bNumEndpoints = 0; /* counted as they come */
			f->altsetting = alts;
			f->num_altsetting++;
			ep = NULL;
		} else if (p[1] == 5 && cur) {
			ep = (struct libusb_endpoint_descriptor *)&cur->endpoint[cur->bNumEndpoints++];
			ep->bLength = p[0];
			ep->bDescriptorType = p[1];
			ep->bEndpointAddress = p[2];
			ep->bmAttributes = p[3];
			ep->wMaxPacketSize = (uint16_t)(p[4] | (p[5] << 8));
			ep->bInterval = p[6];
		} else if (cur && !ep && !cur->extra) {
			cur->extra = p;
			cur->extra_length = p[0];
		} else if (cur && !ep && cur->extra + cur->extra_length == p) {
			cur->extra_length += p[0];
		} else if (ep && !ep->extra) {
			ep->extra = p;
			ep->extra_length = p[0];
		}
	}
	(void)n;
	*config = c;
	return 0;
}

API int libusb_get_active_config_descriptor(libusb_device *d,
	struct libusb_config_descriptor **config)
{
	return libusb_get_config_descriptor(d, 0, config);
}

API void libusb_free_config_descriptor(struct libusb_config_descriptor *c)
{
	int i, j;
	if (!c) return;
	for (i = 0; i < c->bNumInterfaces; i++) {
		for (j = 0; j < c->interface[i].num_altsetting; j++)
			free((void *)c->interface[i].altsetting[j].endpoint);
		free((void *)c->interface[i].altsetting);
	}
	free((void *)c->interface);
	free(c);
}

/* --- handles --- */
static int simple(libusb_device_handle *h, uint8_t op, const unsigned char *a, size_t n)
{
	return rpc(op, h->dev->id, a, n, NULL, 0, NULL);
}

API int libusb_open(libusb_device *d, libusb_device_handle **handle)
{
	int r = rpc(OP_OPEN, d->id, NULL, 0, NULL, 0, NULL);
	if (r < 0) return r;
	*handle = calloc(1, sizeof(**handle));
	(*handle)->dev = d;
	d->refs++;
	return 0;
}

API void libusb_close(libusb_device_handle *h)
{
	if (!h) return;
	simple(h, OP_CLOSE, NULL, 0);
	free(h);
}

API libusb_device *libusb_get_device(libusb_device_handle *h) { return h->dev; }

API int libusb_kernel_driver_active(libusb_device_handle *h, int iface)
{
	(void)h; (void)iface;
	return 0;
}
API int libusb_detach_kernel_driver(libusb_device_handle *h, int iface)
{
	(void)h; (void)iface;
	return E_NOT_FOUND; /* no kernel driver bound, as libusb reports it */
}
API int libusb_attach_kernel_driver(libusb_device_handle *h, int iface)
{
	(void)h; (void)iface;
	return E_NOT_FOUND;
}
API int libusb_set_auto_detach_kernel_driver(libusb_device_handle *h, int on)
{
	(void)h; (void)on;
	return 0;
}

API int libusb_claim_interface(libusb_device_handle *h, int iface)
{
	unsigned char a = (unsigned char)iface;
	return simple(h, OP_CLAIM, &a, 1);
}
API int libusb_release_interface(libusb_device_handle *h, int iface)
{
	unsigned char a = (unsigned char)iface;
	return simple(h, OP_RELEASE, &a, 1);
}
API int libusb_set_interface_alt_setting(libusb_device_handle *h, int iface, int alt)
{
	unsigned char a[2] = { (unsigned char)iface, (unsigned char)alt };
	return simple(h, OP_SETALT, a, 2);
}
API int libusb_clear_halt(libusb_device_handle *h, unsigned char endpoint)
{
	return simple(h, OP_CLEAR_HALT, &endpoint, 1);
}
API int libusb_reset_device(libusb_device_handle *h)
{
	return simple(h, OP_RESET, NULL, 0);
}
API int libusb_set_configuration(libusb_device_handle *h, int config)
{
	unsigned char a = (unsigned char)config;
	return simple(h, OP_SET_CONFIG, &a, 1);
}

API int libusb_control_transfer(libusb_device_handle *h, uint8_t request_type,
	uint8_t request, uint16_t value, uint16_t index, unsigned char *data,
	uint16_t length, unsigned int timeout)
{
	unsigned char *a = malloc(12 + (size_t)length);
	size_t n = 12, got = 0;
	int r;
	a[0] = request_type;
	a[1] = request;
	put16(a + 2, value);
	put16(a + 4, index);
	put16(a + 6, length);
	put32(a + 8, timeout);
	if (!(request_type & 0x80) && length) {
		memcpy(a + 12, data, length);
		n += length;
	}
	r = rpc(OP_CONTROL, h->dev->id, a, n,
		(request_type & 0x80) ? data : NULL, length, &got);
	free(a);
	return r;
}

static int data_transfer(uint8_t op, libusb_device_handle *h,
	unsigned char endpoint, unsigned char *data, int length,
	int *transferred, unsigned int timeout)
{
	unsigned char *a;
	size_t n = 9, got = 0;
	int r;
	if (length < 0) return E_INVALID_PARAM;
	a = malloc(9 + (size_t)length);
	a[0] = endpoint;
	put32(a + 1, (uint32_t)length);
	put32(a + 5, timeout);
	if (!(endpoint & 0x80)) {
		memcpy(a + 9, data, (size_t)length);
		n += (size_t)length;
	}
	r = rpc(op, h->dev->id, a, n, (endpoint & 0x80) ? data : NULL,
		(size_t)length, &got);
	free(a);
	if (transferred) *transferred = r > 0 ? r : 0;
	return r > 0 ? 0 : r;
}

API int libusb_interrupt_transfer(libusb_device_handle *h, unsigned char endpoint,
	unsigned char *data, int length, int *transferred, unsigned int timeout)
{
	return data_transfer(OP_INTERRUPT, h, endpoint, data, length, transferred, timeout);
}

API int libusb_bulk_transfer(libusb_device_handle *h, unsigned char endpoint,
	unsigned char *data, int length, int *transferred, unsigned int timeout)
{
	return data_transfer(OP_BULK, h, endpoint, data, length, transferred, timeout);
}

/* As libusb does it: LANGID from string 0, then the string, UTF-16LE to ASCII. */
API int libusb_get_string_descriptor_ascii(libusb_device_handle *h,
	uint8_t index, unsigned char *data, int length)
{
	unsigned char tbuf[255];
	int r, si, di;
	uint16_t langid;
	if (index == 0) return E_INVALID_PARAM;
	r = libusb_control_transfer(h, 0x80, 6, 0x0300, 0, tbuf, sizeof(tbuf), 1000);
	if (r < 0) return r;
	if (r < 4) return E_IO;
	langid = (uint16_t)(tbuf[2] | (tbuf[3] << 8));
	r = libusb_control_transfer(h, 0x80, 6, (uint16_t)(0x0300 | index), langid,
		tbuf, sizeof(tbuf), 1000);
	if (r < 0) return r;
	if (tbuf[1] != 3) return E_IO;
	if (tbuf[0] > r) return E_IO;
	di = 0;
	for (si = 2; si < tbuf[0] && si + 1 < r; si += 2) {
		if (di >= length - 1) break;
		if ((tbuf[si] & 0x80) || tbuf[si + 1]) data[di++] = '?';
		else data[di++] = tbuf[si];
	}
	data[di] = 0;
	return di;
}
