/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Constants of the TCG PC Client Platform Firmware Profile event log
 * (crypto-agile format) and the names of its event types. */
#pragma once

#include <stdint.h>

#define EV_PREBOOT_CERT 0x0u
#define EV_POST_CODE 0x1u
#define EV_NO_ACTION 0x3u
#define EV_SEPARATOR 0x4u
#define EV_ACTION 0x5u
#define EV_EVENT_TAG 0x6u
#define EV_S_CRTM_CONTENTS 0x7u
#define EV_S_CRTM_VERSION 0x8u
#define EV_CPU_MICROCODE 0x9u
#define EV_PLATFORM_CONFIG_FLAGS 0xau
#define EV_TABLE_OF_DEVICES 0xbu
#define EV_COMPACT_HASH 0xcu
#define EV_IPL 0xdu
#define EV_IPL_PARTITION_DATA 0xeu
#define EV_NONHOST_CODE 0xfu
#define EV_NONHOST_CONFIG 0x10u
#define EV_NONHOST_INFO 0x11u
#define EV_OMIT_BOOT_DEVICE_EVENTS 0x12u
#define EV_EFI_EVENT_BASE 0x80000000u
#define EV_EFI_VARIABLE_DRIVER_CONFIG 0x80000001u
#define EV_EFI_VARIABLE_BOOT 0x80000002u
#define EV_EFI_BOOT_SERVICES_APPLICATION 0x80000003u
#define EV_EFI_BOOT_SERVICES_DRIVER 0x80000004u
#define EV_EFI_RUNTIME_SERVICES_DRIVER 0x80000005u
#define EV_EFI_GPT_EVENT 0x80000006u
#define EV_EFI_ACTION 0x80000007u
#define EV_EFI_PLATFORM_FIRMWARE_BLOB 0x80000008u
#define EV_EFI_HANDOFF_TABLES 0x80000009u
#define EV_EFI_PLATFORM_FIRMWARE_BLOB2 0x8000000au
#define EV_EFI_HANDOFF_TABLES2 0x8000000bu
#define EV_EFI_VARIABLE_BOOT2 0x8000000cu
#define EV_EFI_HCRTM_EVENT 0x80000010u
#define EV_EFI_VARIABLE_AUTHORITY 0x800000e0u
#define EV_EFI_SPDM_FIRMWARE_BLOB 0x800000e1u
#define EV_EFI_SPDM_FIRMWARE_CONFIG 0x800000e2u

#define TPM_ALG_SHA1 0x0004u
#define TPM_ALG_SHA256 0x000bu
#define TPM_ALG_SHA384 0x000cu
#define TPM_ALG_SHA512 0x000du
#define TPM_ALG_SM3_256 0x0012u

#define TCG_SPEC_ID_SIGNATURE "Spec ID Event03" /* 16 bytes with the NUL */
/* The TPM 1.2 log's header (TCG PC Client Specific Implementation
 * Specification for Conventional BIOS, TCG_PCClientSpecIDEventStruct). */
#define TCG_SPEC_ID_SIGNATURE_TPM12 "Spec ID Event00" /* 16 bytes with the NUL */
#define TCG_STARTUP_LOCALITY "StartupLocality" /* 16 bytes with the NUL */

/* "EV_IPL" etc., or NULL for a type the profile does not define. */
const char *tcg_event_type_name(uint32_t type);
