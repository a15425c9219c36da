/*
 * qmp-client SOCKET [MESSAGE...]: a QMP client on a unix socket, as libxl
 * is one to vchan-socket-proxy's socket (test bed helper for the qmp
 * scenario). It connects, prints the greeting, then sends each MESSAGE
 * followed by "\r\n" and prints the one reply it gets. Every message
 * received is printed on its own line as "<- TEXT". A MESSAGE of the form
 * "@flood:N" sends N bytes of an unfinished JSON string instead and prints
 * the one reply. Exits 0 when every reply came within 30 s, 1 otherwise;
 * replies are not judged here: the scenario reads them.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS 30000

static char rx[65536];
static size_t rx_len;

/* Reads until one "\r\n"-ended message is there; prints and drops it. */
static int receive_one(int fd)
{
	for (;;) {
		char *end = rx_len ? memmem(rx, rx_len, "\r\n", 2) : NULL;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (end) {
			size_t len = (size_t)(end - rx);

			printf("<- %.*s\n", (int)len, rx);
			fflush(stdout);
			memmove(rx, end + 2, rx_len - len - 2);
			rx_len -= len + 2;
			return 0;
		}
		if (rx_len == sizeof(rx)) {
			fprintf(stderr, "qmp-client: a message of more than %zu bytes\n",
				sizeof(rx));
			return -1;
		}
		if (poll(&p, 1, TIMEOUT_MS) != 1) {
			fprintf(stderr, "qmp-client: no reply within %d ms\n", TIMEOUT_MS);
			return -1;
		}
		n = read(fd, rx + rx_len, sizeof(rx) - rx_len);
		if (n <= 0) {
			fprintf(stderr, "qmp-client: connection closed (%s)\n",
				n ? strerror(errno) : "end of file");
			return -1;
		}
		rx_len += (size_t)n;
	}
}

static int send_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			perror("qmp-client: write");
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* N bytes of `{"` and then x's: a message that never ends. */
static int flood(int fd, size_t n)
{
	char *buf = malloc(n);
	int rc;

	if (!buf || n < 2)
		return -1;
	memset(buf, 'x', n);
	buf[0] = '{';
	buf[1] = '"';
	rc = send_all(fd, buf, n);
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (argc < 2 || strlen(argv[1]) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "usage: qmp-client SOCKET [MESSAGE...]\n");
		return 2;
	}
	strcpy(addr.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("qmp-client: connect");
		return 1;
	}
	if (receive_one(fd) < 0)
		return 1;
	for (int i = 2; i < argc; i++) {
		int rc;

		if (strncmp(argv[i], "@flood:", 7) == 0) {
			rc = flood(fd, strtoul(argv[i] + 7, NULL, 10));
		} else {
			rc = send_all(fd, argv[i], strlen(argv[i]));
			if (rc == 0)
				rc = send_all(fd, "\r\n", 2);
		}
		if (rc < 0 || receive_one(fd) < 0)
			return 1;
	}
	close(fd);
	return 0;
}
