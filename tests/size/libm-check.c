/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The payload's libm (image/lib-stubs/m.c, loaded from the path given)
 * against glibc's: lround, floorl and nearbyintl bit for bit, with the
 * FPU exception flags they leave and the rounding mode kept, in every
 * rounding mode; log10 within one unit in the last place (glibc's is not
 * correctly rounded either), and its special values. Exit 0 when all
 * agree; each difference is printed. */
#include <dlfcn.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef long double ldfn(long double);
typedef double dfn(double);
typedef long lfn(double);

static ldfn *s_floorl, *s_nearbyintl;
static dfn *s_log10;
static lfn *s_lround;
static int bad;

static void check_ld(const char *name, ldfn *mine, ldfn *glibc, long double x)
{
	long double a, b;
	int ea, eb, mode = fegetround();

	feclearexcept(FE_ALL_EXCEPT);
	a = glibc(x);
	ea = fetestexcept(FE_ALL_EXCEPT);
	feclearexcept(FE_ALL_EXCEPT);
	b = mine(x);
	eb = fetestexcept(FE_ALL_EXCEPT);
	if (memcmp(&a, &b, 10) || ea != eb || fegetround() != mode) {
		printf("%s(%La): glibc %La (flags %#x), ours %La (flags %#x)\n", name, x, a, ea, b,
		       eb);
		bad++;
	}
}

static void check_lround(double x)
{
	if (lround(x) != s_lround(x)) {
		printf("lround(%a): glibc %ld, ours %ld\n", x, lround(x), s_lround(x));
		bad++;
	}
}

static void check_log10(double x)
{
	double a = log10(x), b = s_log10(x);
	int64_t ia, ib;

	memcpy(&ia, &a, 8);
	memcpy(&ib, &b, 8);
	if (isnan(a) ? !isnan(b) || signbit(a) != signbit(b) : llabs(ia - ib) > 1) {
		printf("log10(%a): glibc %a, ours %a\n", x, a, b);
		bad++;
	}
}

static double random_double(void)
{
	uint64_t bits = ((uint64_t)random() << 33) ^ ((uint64_t)random() << 11) ^ random();
	double x;

	memcpy(&x, &bits, 8);
	return x;
}

static int load(const char *path)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		printf("%s\n", dlerror());
		return -1;
	}
	s_floorl = (ldfn *)dlvsym(h, "floorl", "GLIBC_2.2.5");
	s_nearbyintl = (ldfn *)dlvsym(h, "nearbyintl", "GLIBC_2.2.5");
	s_log10 = (dfn *)dlvsym(h, "log10", "GLIBC_2.2.5");
	s_lround = (lfn *)dlvsym(h, "lround", "GLIBC_2.2.5");
	if (!s_floorl || !s_nearbyintl || !s_log10 || !s_lround) {
		printf("%s lacks a function libdevmapper imports\n", path);
		return -1;
	}
	return 0;
}

static const long double specials[] = {
	0,	  -0.0L,     0.5L,   -0.5L,	     1.5L,     -1.5L,	 2.5L,
	-2.5L,	  1e30L,     -1e30L, 1e-30L,	     -1e-30L,  3.99999L, -3.99999L,
	INFINITY, -INFINITY, NAN,    0x1p63L + 0.5L, -0x1p64L, 1e4000L,
};

int main(int argc, char **argv)
{
	const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };

	if (argc != 2 || load(argv[1]) < 0)
		return 2;
	srandom(1);
	for (unsigned m = 0; m < 4; m++) {
		fesetround(modes[m]);
		for (unsigned i = 0; i < sizeof(specials) / sizeof(*specials); i++) {
			check_ld("floorl", s_floorl, floorl, specials[i]);
			check_ld("nearbyintl", s_nearbyintl, nearbyintl, specials[i]);
		}
		for (int i = 0; i < 100000; i++) {
			long double x =
				((long double)random() - RAND_MAX / 2) / (random() % 1000 + 1);
			check_ld("floorl", s_floorl, floorl, x);
			check_ld("nearbyintl", s_nearbyintl, nearbyintl, x);
		}
	}
	fesetround(FE_TONEAREST);
	for (unsigned i = 0; i < sizeof(specials) / sizeof(*specials); i++) {
		check_lround((double)specials[i]);
		check_log10((double)specials[i]);
	}
	check_lround(0.49999999999999994);
	check_lround(-0.49999999999999994);
	check_lround(4503599627370497.0);
	check_log10(-1);
	check_log10(0x1p-1074);
	for (int i = 0; i < 1000000; i++) {
		double x = random_double();

		check_log10(fabs(x));
		check_lround((double)(random() % 100000) / 8.0 - 5000);
		if (fabs(x) < 0x1p62)
			check_lround(x);
	}
	printf("%d differences\n", bad);
	return bad != 0;
}
