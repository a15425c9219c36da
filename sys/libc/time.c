/*
 * Clocks and sleeping for the C library, from Xen's PV clock (xen/time.h):
 * CLOCK_MONOTONIC is the domain's system time, CLOCK_REALTIME the wall
 * clock; sleeps block in time_sleep_ns() (no busy wait). There are no
 * signals, so a sleep is never interrupted. newlib's time() is
 * gettimeofday()'s; newlib has no clock_gettime() or nanosleep() of its
 * own for this target.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "sys/libc/sys.h"
#include "xen/time.h"

#define NSEC_PER_SEC 1000000000ull

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	uint64_t sec, ns;
	uint32_t nsec;

	if (!ts)
		return sys_error(EFAULT);
	switch (clock) {
	case CLOCK_MONOTONIC:
		ns = time_now_ns();
		ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
		ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
		return 0;
	case CLOCK_REALTIME:
		time_wall(&sec, &nsec);
		ts->tv_sec = (time_t)sec;
		ts->tv_nsec = (long)nsec;
		return 0;
	default:
		return sys_error(EINVAL);
	}
}

int clock_getres(clockid_t clock, struct timespec *res)
{
	if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME)
		return sys_error(EINVAL);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	uint64_t sec;
	uint32_t nsec;

	if (tv) {
		time_wall(&sec, &nsec);
		tv->tv_sec = (time_t)sec;
		tv->tv_usec = (suseconds_t)(nsec / 1000);
	}
	if (tz)
		memset(tz, 0, sizeof(struct timezone));
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req)
		return sys_error(EFAULT);
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (long)NSEC_PER_SEC)
		return sys_error(EINVAL);
	time_sleep_ns((uint64_t)req->tv_sec * NSEC_PER_SEC + (uint64_t)req->tv_nsec);
	if (rem) {
		rem->tv_sec = 0;
		rem->tv_nsec = 0;
	}
	return 0;
}

int usleep(useconds_t usec)
{
	time_sleep_ns((uint64_t)usec * 1000);
	return 0;
}

unsigned int sleep(unsigned int seconds)
{
	time_sleep_ns((uint64_t)seconds * NSEC_PER_SEC);
	return 0;
}
