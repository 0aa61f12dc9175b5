/*
 * The monotonic clock in seconds, for progress, rates and throttling.
 */
#ifndef LAK_CLOCK_H
#define LAK_CLOCK_H

#include <time.h>

static inline double
lak_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
