/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening and closing the ESAPI context over a TCTI. */
#include "tpm.h"
#include "log.h"
#include "tpm-error.h"

#include <stdlib.h>
#include <tss2/tss2_sys.h>
#include <tss2/tss2_tctildr.h>

const char *tpm_tcti_choose(const char *option)
{
	const char *env = getenv("HEADS_TCTI");

	if (option && *option)
		return option;
	if (env && *env)
		return env;
	return HEADS_DEFAULT_TCTI;
}

/* Every command this process sends, counted at the TCTI (benchmarks and
 * the boot flow's summary print it). */
static TSS2_TCTI_TRANSMIT_FCN real_transmit;
static unsigned command_count;

/* With HEADS_TPM_TRACE set (for /init: on the kernel command line), each
 * command's code is printed on stderr: where a boot's commands go. */
static void trace(size_t size, const uint8_t *command)
{
	static int on = -1;

	if (on < 0)
		on = getenv("HEADS_TPM_TRACE") != NULL;
	if (on && size >= 10)
		fprintf(stderr, "tpm: command %u: 0x%03x\n", command_count,
			(unsigned)command[6] << 24 | (unsigned)command[7] << 16 |
				(unsigned)command[8] << 8 | command[9]);
}

static TSS2_RC counting_transmit(TSS2_TCTI_CONTEXT *c, size_t size, const uint8_t *command)
{
	command_count++;
	trace(size, command);
	return real_transmit(c, size, command);
}

static void count_commands(TSS2_TCTI_CONTEXT *tcti)
{
	if (TSS2_TCTI_TRANSMIT(tcti) == counting_transmit)
		return;
	if (real_transmit && TSS2_TCTI_TRANSMIT(tcti) != real_transmit)
		return; /* another TCTI module in the same process: not counted */
	real_transmit = TSS2_TCTI_TRANSMIT(tcti);
	TSS2_TCTI_TRANSMIT(tcti) = counting_transmit;
}

unsigned tpm_command_count(void)
{
	return command_count;
}

int tpm_open(const char *tcti, struct tpm **ret)
{
	_cleanup_tpm_ struct tpm *t = calloc(1, sizeof(*t));
	TSS2_RC rc;

	if (!t)
		return -ENOMEM;
	t->primary = ESYS_TR_NONE;
	t->session = ESYS_TR_NONE;
	rc = Tss2_TctiLdr_Initialize(tcti, &t->tcti);
	if (rc != TSS2_RC_SUCCESS) {
		log_error("Cannot reach the TPM through TCTI \"%s\": check that the TPM (or swtpm) is running and the TCTI is right (--tcti, HEADS_TCTI)",
			  tcti);
		return -ECONNREFUSED;
	}
	count_commands(t->tcti);
	rc = Esys_Initialize(&t->esys, t->tcti, NULL);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_error(rc, "Cannot initialise the TPM software stack");
	*ret = TAKE_PTR(t);
	return 0;
}

void tpm_tr_forget(struct tpm *t, ESYS_TR *tr)
{
	if (*tr != ESYS_TR_NONE)
		Esys_TR_Close(t->esys, tr);
	*tr = ESYS_TR_NONE;
}

/* After an answer failed its integrity check, ESYS refuses every later
 * call; the session would stay loaded in a TPM without a resource manager
 * (swtpm), so it is flushed through the SYS layer underneath. */
static void flush_sys(struct tpm *t, ESYS_TR tr)
{
	TSS2_SYS_CONTEXT *sys = NULL;
	TPM2_HANDLE handle;

	if (Esys_TR_GetTpmHandle(t->esys, tr, &handle) == TSS2_RC_SUCCESS &&
	    Esys_GetSysContext(t->esys, &sys) == TSS2_RC_SUCCESS)
		(void)Tss2_Sys_FlushContext(sys, handle);
}

void tpm_flush(struct tpm *t, ESYS_TR *tr)
{
	if (*tr == ESYS_TR_NONE)
		return;
	if (Esys_FlushContext(t->esys, *tr) != TSS2_RC_SUCCESS) {
		flush_sys(t, *tr);
		Esys_TR_Close(t->esys, tr);
	}
	*tr = ESYS_TR_NONE;
}

void tpm_handle_release(struct tpm_handle *h)
{
	if (!h->t)
		return;
	if (h->flush)
		tpm_flush(h->t, &h->tr);
	else
		tpm_tr_forget(h->t, &h->tr);
}

void tpm_close(struct tpm *t)
{
	if (!t)
		return;
	if (t->esys) {
		tpm_flush(t, &t->session);
		tpm_tr_forget(t, &t->primary);
		Esys_Finalize(&t->esys);
	}
	if (t->tcti)
		Tss2_TctiLdr_Finalize(&t->tcti);
	free(t);
}
