/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libm.so.6 for the payload: of glibc's math library (some 330 KB of the
 * compressed payload) the payload's programs import four functions, all
 * from libdevmapper, for its statistics reports (dmstats), which
 * libcryptsetup never asks for: log10(), lround(), floorl() and
 * nearbyintl(). They are here, complete, under glibc's symbol version;
 * nothing else links libm (busybox's awk is built without its math
 * functions).
 *
 * soname: libm.so.6 */
#include <errno.h>
#include <limits.h>

/* log10(x) from the x87 unit: log10(2) * log2(x) in extended precision
 * (fyl2x), rounded once to double: within one unit in the last place of
 * glibc's result (which is not correctly rounded either). As glibc's: NaN passes through; x < 0
 * gives NaN (EDOM), 0 gives -inf (ERANGE), +inf gives +inf. */
double log10(double x)
{
	long double r;

	if (x != x)
		return x;
	if (x < 0) {
		errno = EDOM;
		return __builtin_nan("");
	}
	if (x == 0) {
		errno = ERANGE;
		return -__builtin_inf();
	}
	__asm__("fldlg2\n\tfxch\n\tfyl2x" : "=t"(r) : "0"((long double)x));
	return (double)r;
}

/* lround(x): x rounded to the nearest integer, halfway cases away from
 * zero. Exact: for |x| < 2^52 the fraction x - trunc(x) is computed
 * without error; larger values are already integers. Out of range (and
 * NaN): LONG_MIN, as glibc gives on x86-64. */
long lround(double x)
{
	long i;
	double frac;

	if (!(x > (double)LONG_MIN && x < (double)LONG_MAX))
		return LONG_MIN;
	i = (long)x;
	frac = x - (double)i;
	if (frac >= 0.5)
		i++;
	else if (frac <= -0.5)
		i--;
	return i;
}

/* nearbyintl(x): x rounded to an integer in the current rounding mode
 * (frndint), raising no exception: the x87 environment, flags included,
 * is restored afterwards, as glibc does. */
long double nearbyintl(long double x)
{
	unsigned int env[7];

	__asm__ volatile("fnstenv %1\n\t"
			 "frndint\n\t"
			 "fldenv %1"
			 : "+t"(x), "=m"(env));
	return x;
}

/* floorl(x): frndint with the rounding mode set towards -inf, the x87
 * environment (control word and flags) restored afterwards, as glibc
 * does. */
long double floorl(long double x)
{
	unsigned int env[7];
	unsigned short down;

	__asm__ volatile("fnstenv %1\n\t"
			 "movw %1, %%ax\n\t"
			 "andw $0xf3ff, %%ax\n\t"
			 "orw $0x0400, %%ax\n\t"
			 "movw %%ax, %2\n\t"
			 "fldcw %2\n\t"
			 "frndint\n\t"
			 "fldenv %1"
			 : "+t"(x), "=m"(env), "=m"(down)
			 :
			 : "ax");
	return x;
}
