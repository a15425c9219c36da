/*
 * dom0 test helper for secondary PV consoles: opens the console's pty in
 * raw mode, sends COUNT bytes (byte i is i & 0xff) and expects the guest to
 * send back each one XOR 0x5a, within 30 s. Prints "console-io: ok" or what
 * differed; exit 0 or 1.
 *   console-io PTY COUNT
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct termios t;
	unsigned char buf[4096];
	size_t count, got = 0;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: console-io PTY COUNT\n");
		return 2;
	}
	count = strtoul(argv[2], NULL, 0);
	if (count > sizeof(buf))
		count = sizeof(buf);
	fd = open(argv[1], O_RDWR | O_NOCTTY);
	if (fd < 0 || tcgetattr(fd, &t) < 0) {
		perror("console-io: open");
		return 1;
	}
	cfmakeraw(&t);
	if (tcsetattr(fd, TCSANOW, &t) < 0) {
		perror("console-io: raw mode");
		return 1;
	}
	for (size_t i = 0; i < count; i++)
		buf[i] = (unsigned char)i;
	for (size_t off = 0; off < count;) {
		ssize_t n = write(fd, buf + off, count - off);
		if (n < 0 && errno != EINTR) {
			perror("console-io: write");
			return 1;
		}
		off += n > 0 ? (size_t)n : 0;
	}
	while (got < count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 30000) <= 0) {
			printf("console-io: only %zu of %zu bytes came back\n", got, count);
			return 1;
		}
		n = read(fd, buf + got, count - got);
		if (n <= 0) {
			perror("console-io: read");
			return 1;
		}
		got += (size_t)n;
	}
	for (size_t i = 0; i < count; i++) {
		if (buf[i] != (unsigned char)(i ^ 0x5a)) {
			printf("console-io: byte %zu came back as 0x%02x, expected 0x%02x\n", i,
			       buf[i], (unsigned)((i ^ 0x5a) & 0xff));
			return 1;
		}
	}
	printf("console-io: ok\n");
	return 0;
}
