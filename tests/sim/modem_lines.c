/*
 * Modem lines for a pseudo-terminal, for NUT's own drivers under test.
 * Linux ptys answer TIOCMGET/TIOCMBIS/TIOCMBIC/TIOCMSET with ENOTTY; loaded
 * with LD_PRELOAD, this stand-in answers them instead when the real ioctl
 * fails: the input lines (DSR, CTS, DCD, RNG) come from the file named by
 * MODEM_LINES_IN (words "dsr cts dcd rng", read at every call), and every
 * change of DTR/RTS is appended to MODEM_LINES_LOG as "dtr=D rts=R".
 * tests/sim/modem_lines.ts gives our drivers the same two files.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

static int out_lines; /* TIOCM_DTR | TIOCM_RTS as set by the driver */

static int in_lines(void)
{
	const char *path = getenv("MODEM_LINES_IN");
	char buf[128] = "";
	int v = 0;
	FILE *f = path ? fopen(path, "r") : NULL;
	if (f) {
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = 0;
		fclose(f);
	}
	if (strstr(buf, "dsr")) v |= TIOCM_DSR;
	if (strstr(buf, "cts")) v |= TIOCM_CTS;
	if (strstr(buf, "dcd")) v |= TIOCM_CD;
	if (strstr(buf, "rng")) v |= TIOCM_RNG;
	return v;
}

static void log_lines(void)
{
	const char *path = getenv("MODEM_LINES_LOG");
	FILE *f = path ? fopen(path, "a") : NULL;
	if (!f) return;
	fprintf(f, "dtr=%d rts=%d\n", !!(out_lines & TIOCM_DTR),
		!!(out_lines & TIOCM_RTS));
	fclose(f);
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, ...);
	va_list ap;
	void *arg;
	int r, saved;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real) real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	saved = errno;
	r = real(fd, req, arg);
	if (r == 0 || errno != ENOTTY || !getenv("MODEM_LINES_IN")) return r;
	errno = saved;
	switch (req) {
	case TIOCMGET:
		*(int *)arg = out_lines | in_lines();
		return 0;
	case TIOCMBIS:
		out_lines |= *(int *)arg & (TIOCM_DTR | TIOCM_RTS);
		log_lines();
		return 0;
	case TIOCMBIC:
		out_lines &= ~*(int *)arg;
		log_lines();
		return 0;
	case TIOCMSET:
		out_lines = *(int *)arg & (TIOCM_DTR | TIOCM_RTS);
		log_lines();
		return 0;
	default:
		errno = ENOTTY;
		return r;
	}
}
