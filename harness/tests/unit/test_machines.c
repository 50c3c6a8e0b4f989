/* test_machines.c - every row of the machine tables is self-consistent, and every reader agrees with it */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "lang/scenario.h"
#include "qemu/machines.h"
#include "qemu/qemu_args.h"
#include "testlib.h"

/** kinds - every table, for the name tests */
static const struct {
	enum pxl_machine_kind kind;
	const char *what;
} kinds[] = {
	{ PXL_MACHINE_FW, "firmware" },
	{ PXL_MACHINE_PXE, "pxe mode" },
	{ PXL_MACHINE_ACCEL, "accelerator" },
	{ PXL_MACHINE_NIC, "nic" },
};

/** rom_prefix - Debian's ipxe-qemu names: pxe-*.rom for SeaBIOS, efi-*.rom for OVMF */
static const char *const rom_prefix[PXL_FW_COUNT] = {
	[PXL_FW_UEFI] = "efi-", [PXL_FW_BIOS] = "pxe-",
};

/**
 * parse() - parse one scenario text
 * @text: scenario
 * @list: out: instances (scn_list_free() it when 0 is returned)
 * @msg:  out: the first message, "" if none
 * @len:  size of @msg
 *
 * Return: scn_parse_buffer()'s result.
 */
static int parse(const char *text, struct scn_list *list, char *msg, size_t len)
{
	struct scn_diag d;
	int rc;

	scn_diag_init(&d);
	msg[0] = 0;
	rc = scn_parse_buffer("t.scn", text, strlen(text), NULL, list, &d);
	if (d.n)
		scn_msg_format(&d.msg[0], msg, len);
	scn_diag_free(&d);
	return rc;
}

/**
 * client_text() - a one-client scenario with a firmware, NIC and PXE mode
 * @fw, @nic, @pxe: the combination
 * @buf: out: the text
 * @len: its size
 */
static void client_text(enum pxl_fw fw, const struct pxl_nic *nic, enum pxl_pxe pxe,
			char *buf, size_t len)
{
	snprintf(buf, len, "scenario t\nclient pc1 firmware %s nic %s pxe %s\n"
		 "stage 1 \"s\"\n  expect console \"x\"\n",
		 pxl_firmwares[fw].name, nic->name, pxl_pxe_modes[pxe].name);
}

/**
 * find_arg() - the argument after @key in a command line
 * @a:   command line
 * @key: "-machine"; for "-device", the one starting with @prefix
 * @prefix: what the value starts with ("" for any)
 *
 * Return: the value, or NULL.
 */
static const char *find_arg(const struct pxl_argv *a, const char *key, const char *prefix)
{
	int i;

	for (i = 0; i + 1 < a->argc; i++)
		if (!strcmp(a->argv[i], key) &&
		    !strncmp(a->argv[i + 1], prefix, strlen(prefix)))
			return a->argv[i + 1];
	return NULL;
}

/* every name is found at its own row, names are unique, the lists agree */
START_TEST(test_names_round_trip)
{
	const char *names[PXL_MACHINE_MAX_ROWS + 1], *n;
	char list[512], one[64];
	size_t k, i, count;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		count = pxl_machine_names(kinds[k].kind, names, PXL_MACHINE_MAX_ROWS + 1);
		ck_assert_uint_gt(count, 0);
		ck_assert_uint_lt(count, PXL_MACHINE_MAX_ROWS);
		ck_assert_ptr_null(names[count]);
		ck_assert_ptr_null(pxl_machine_name(kinds[k].kind, count));
		pxl_machine_list(kinds[k].kind, ",", list, sizeof(list));
		for (i = 0; (n = pxl_machine_name(kinds[k].kind, i)); i++) {
			ck_assert_msg(n[0] && !strchr(n, ' ') && !strchr(n, ','),
				      "%s %zu: bad name '%s'", kinds[k].what, i, n);
			ck_assert_str_eq(names[i], n);
			ck_assert_int_eq(pxl_machine_find(kinds[k].kind, n), (int)i);
			snprintf(one, sizeof(one), "%s%s%s", i ? "," : "", n,
				 i + 1 < count ? "," : "");
			ck_assert_msg(strstr(list, one), "'%s' missing from the list '%s'", n, list);
		}
		ck_assert_uint_eq(i, count);
		ck_assert_int_eq(pxl_machine_find(kinds[k].kind, "no-such-name"), -1);
		ck_assert_int_eq(pxl_machine_find(kinds[k].kind, NULL), -1);
	}
	ck_assert_uint_eq(pxl_machine_names(PXL_MACHINE_NIC, names, 3), 2);
	ck_assert_ptr_null(names[2]);
	for (i = 0; i < pxl_nnics; i++)
		ck_assert_ptr_eq(pxl_nic_find(pxl_nics[i].name), &pxl_nics[i]);
	ck_assert_ptr_null(pxl_nic_find("virtio"));
}
END_TEST

/* a scenario client names each NIC, firmware and PXE mode and gets that row back */
START_TEST(test_scenario_round_trip)
{
	const struct pxl_nic *nic = &pxl_nics[_i];
	char text[512], msg[512], want[128], *dump = NULL;
	struct scn_list list;
	size_t fw, pxe, len;
	FILE *f;

	for (fw = 0; fw < PXL_FW_COUNT; fw++) {
		for (pxe = 0; pxe < PXL_PXE_COUNT; pxe++) {
			if (!(nic->boots[fw] & PXL_BOOTS(pxe)))
				continue;
			client_text(fw, nic, pxe, text, sizeof(text));
			ck_assert_msg(parse(text, &list, msg, sizeof(msg)) == 0, "%s", msg);
			ck_assert_ptr_eq(list.s[0]->clients[0].nic_model, nic);
			ck_assert_str_eq(list.s[0]->clients[0].nic, nic->name);
			ck_assert_int_eq(list.s[0]->clients[0].fw, fw);
			ck_assert_int_eq(list.s[0]->clients[0].pxe, pxe);
			f = open_memstream(&dump, &len);
			ck_assert_ptr_nonnull(f);
			scn_dump(list.s[0], f);
			fclose(f);
			snprintf(want, sizeof(want), "client pc1 firmware %s nic %s pxe %s ",
				 pxl_firmwares[fw].name, nic->name, pxl_pxe_modes[pxe].name);
			ck_assert_msg(strstr(dump, want), "dump lacks '%s':\n%s", want, dump);
			free(dump);
			scn_list_free(&list);
		}
	}
}
END_TEST

/* each claim is backed: a ROM for ipxe-rom (on disk when ipxe-qemu is
 * installed), no native mode under a firmware without a PXE stack, and
 * every default combination netboots */
START_TEST(test_rows_consistent)
{
	const struct pxl_nic *nic = &pxl_nics[_i];
	int have_roms = access(PXL_ROM_DIR, R_OK | X_OK) == 0;
	unsigned char sig[2];
	char path[256];
	size_t fw;
	FILE *f;

	if (!have_roms && _i == 0)
		fprintf(stderr, "test_machines: %s is absent (package %s): ROM files not checked\n",
			PXL_ROM_DIR, PXL_ROM_PKG);
	ck_assert_ptr_nonnull(nic->device);
	for (fw = 0; fw < PXL_FW_COUNT; fw++) {
		if (pxl_firmwares[fw].no_native)
			ck_assert_msg(!(nic->boots[fw] & PXL_BOOTS(PXL_PXE_NATIVE)),
				      "%s claims native PXE under %s", nic->name, pxl_firmwares[fw].name);
		if (nic->rom[fw])
			ck_assert_msg(!strncmp(nic->rom[fw], rom_prefix[fw], strlen(rom_prefix[fw])),
				      "%s: %s ROM %s is not %s*.rom", nic->name,
				      pxl_firmwares[fw].name, nic->rom[fw], rom_prefix[fw]);
		if (!(nic->boots[fw] & PXL_BOOTS(PXL_PXE_IPXE_ROM)))
			continue;
		ck_assert_msg(nic->rom[fw] != NULL, "%s claims ipxe-rom under %s without a ROM",
			      nic->name, pxl_firmwares[fw].name);
		if (!have_roms)
			continue;
		snprintf(path, sizeof(path), "%s/%s", PXL_ROM_DIR, nic->rom[fw]);
		f = fopen(path, "rb");
		ck_assert_msg(f != NULL, "%s: %s is missing", nic->name, path);
		ck_assert_uint_eq(fread(sig, 1, 2, f), 2);
		fclose(f);
		ck_assert_msg(sig[0] == 0x55 && sig[1] == 0xaa, "%s is no option ROM", path);
	}
	if (_i == 0)
		for (fw = 0; fw < PXL_FW_COUNT; fw++)
			ck_assert_msg(nic->boots[fw] & PXL_BOOTS(pxl_firmwares[fw].default_pxe),
				      "a bare 'client' (%s, %s) must netboot", nic->name,
				      pxl_firmwares[fw].name);
}
END_TEST

/* the firmware rows name their files and `pxelab boot`'s default NIC netboots */
START_TEST(test_firmware_rows)
{
	const struct pxl_firmware *f = &pxl_firmwares[_i];
	const struct pxl_nic *nic = pxl_nic_find(f->boot_nic);

	ck_assert_ptr_nonnull(f->code.what);
	ck_assert_msg(f->code.path[0] == '/', "%s", f->code.path);
	ck_assert_ptr_nonnull(f->pkg);
	ck_assert_ptr_nonnull(f->machine);
	ck_assert_int_eq(!f->vars.what, !f->vars.path);
	ck_assert_msg(!f->pflash || f->vars.path, "%s: pflash needs a variable store", f->name);
	ck_assert_msg(nic != NULL, "%s: boot_nic %s is no NIC", f->name, f->boot_nic);
	ck_assert(nic->boots[_i] & PXL_BOOTS(f->default_pxe));
	ck_assert_int_eq(pxl_netboot_mode((enum pxl_fw)_i, nic), (int)f->default_pxe);
}
END_TEST

/**
 * memory_of() - the memory a one-client scenario gives its client
 * @fw:     firmware
 * @option: extra client option text ("" or " memory 300")
 *
 * Return: the client's memory_mib.
 */
static unsigned memory_of(enum pxl_fw fw, const char *option)
{
	char text[256], msg[512];
	struct scn_list list;
	unsigned mib;

	snprintf(text, sizeof(text), "scenario t\nclient pc1 firmware %s%s\n"
		 "stage 1 \"s\"\n  expect console \"x\"\n", pxl_firmwares[fw].name, option);
	ck_assert_msg(parse(text, &list, msg, sizeof(msg)) == 0, "%s", msg);
	mib = list.s[0]->clients[0].memory_mib;
	scn_list_free(&list);
	return mib;
}

/* a client without `memory` gets its firmware row's (uefi: room for
 * Debian's GRUB, which runs out of memory at 256 MiB under OVMF), a
 * written one wins, and QEMU's -m defaults to the same row */
START_TEST(test_memory_default)
{
	enum pxl_fw fw = (enum pxl_fw)_i;
	const struct pxl_nic *nic = pxl_nic_find(pxl_firmwares[fw].boot_nic);
	struct pxl_qemu_config cfg = { .name = "pc1", .fw = fw, .nic = nic,
				       .pxe = pxl_firmwares[fw].default_pxe, .workdir = "/tmp" };
	char err[256], want[16];
	struct pxl_argv a;

	ck_assert_uint_ge(pxl_firmwares[fw].memory_mib, fw == PXL_FW_UEFI ? 384 : 256);
	ck_assert_uint_eq(memory_of(fw, ""), pxl_firmwares[fw].memory_mib);
	ck_assert_uint_eq(memory_of(fw, " memory 300"), 300);
	ck_assert_int_eq(pxl_qemu_build_args(&cfg, 3, &a, err, sizeof(err)), 0);
	snprintf(want, sizeof(want), "%u", pxl_firmwares[fw].memory_mib);
	ck_assert_str_eq(find_arg(&a, "-m", ""), want);
	pxl_argv_free(&a);
	snprintf(want, sizeof(want), "%s %u", pxl_firmwares[fw].name, pxl_firmwares[fw].memory_mib);
	ck_assert_ptr_nonnull(strstr(pxl_fw_memory_list(err, sizeof(err)), want));
}
END_TEST

/**
 * check_args() - the command line of an accepted combination
 * @cfg: client
 */
static void check_args(const struct pxl_qemu_config *cfg)
{
	const struct pxl_nic *nic = cfg->nic;
	const char *flags = nic->flags[cfg->fw], *dev, *rom;
	char err[256], want[256];
	struct pxl_argv a;

	ck_assert_int_eq(pxl_qemu_build_args(cfg, 3, &a, err, sizeof(err)), 0);
	ck_assert_str_eq(find_arg(&a, "-machine", ""), pxl_firmwares[cfg->fw].machine);
	ck_assert_str_eq(find_arg(&a, "-accel", ""), pxl_accels[cfg->accel].name);
	snprintf(want, sizeof(want), "%s,", nic->device);
	dev = find_arg(&a, "-device", want);
	ck_assert_msg(dev != NULL, "no -device %s...", want);
	if (cfg->pxe == PXL_PXE_NATIVE)
		snprintf(want, sizeof(want), ",romfile=,");
	else
		snprintf(want, sizeof(want), ",romfile=%s/%s,", PXL_ROM_DIR, nic->rom[cfg->fw]);
	ck_assert_msg(strstr(dev, want), "'%s' lacks '%s'", dev, want);
	if (flags) {
		snprintf(want, sizeof(want), ",%s,", flags);
		ck_assert_msg(strstr(dev, want), "'%s' lacks '%s'", dev, want);
	}
	ck_assert_int_eq(!!strstr(dev, "disable-legacy"), !!(flags && strstr(flags, "disable-legacy")));
	ck_assert_msg(strstr(dev, ",mac=52:54:00:12:34:56,"), "%s", dev);
	rom = pxl_qemu_rom_path(cfg, want, sizeof(want));
	ck_assert_ptr_nonnull(rom);
	ck_assert_ptr_null(find_arg(&a, "-uuid", ""));
	pxl_argv_free(&a);
}

/* a client's uuid becomes QEMU's -uuid (pxelinux's first config lookup) */
START_TEST(test_uuid_arg)
{
	struct pxl_qemu_config cfg = { .name = "pc1", .fw = PXL_FW_BIOS, .pxe = PXL_PXE_IPXE_ROM,
				       .workdir = "/tmp", .uuid = "50584c41-4e45-5442-4f4f-540000000001" };
	char err[256];
	struct pxl_argv a;

	cfg.nic = pxl_nic_find("e1000");
	ck_assert_int_eq(pxl_qemu_build_args(&cfg, 3, &a, err, sizeof(err)), 0);
	ck_assert_str_eq(find_arg(&a, "-uuid", ""), "50584c41-4e45-5442-4f4f-540000000001");
	pxl_argv_free(&a);
}
END_TEST

/* netboot pxe6: OVMF's PXEv4 option off (IPv6 PXE first), PXEv6 left on; http turns both off */
START_TEST(test_pxe6_first_fw_cfg)
{
	struct pxl_qemu_config cfg = { .name = "pc1", .fw = PXL_FW_UEFI, .pxe = PXL_PXE_NATIVE,
				       .workdir = "/tmp", .pxe6_first = 1 };
	char err[256];
	struct pxl_argv a;
	size_t v4 = 0, v6 = 0;
	int i;

	cfg.nic = pxl_nic_find("virtio-net");
	ck_assert_int_eq(pxl_qemu_build_args(&cfg, 3, &a, err, sizeof(err)), 0);
	for (i = 0; i < a.argc; i++) {
		v4 += strstr(a.argv[i], "opt/org.tianocore/IPv4PXESupport,string=n") != NULL;
		v6 += strstr(a.argv[i], "opt/org.tianocore/IPv6PXESupport") != NULL;
	}
	ck_assert_uint_eq(v4, 1);
	ck_assert_uint_eq(v6, 0);
	pxl_argv_free(&a);
	cfg.fw = PXL_FW_BIOS;
	cfg.pxe = PXL_PXE_IPXE_ROM;
	cfg.nic = pxl_nic_find("e1000");
	ck_assert_int_eq(pxl_qemu_build_args(&cfg, 3, &a, err, sizeof(err)), 0);
	ck_assert_ptr_null(find_arg(&a, "-fw_cfg", "name=opt/org.tianocore"));
	pxl_argv_free(&a);
}
END_TEST

/**
 * count_fw_cfg() - how many "-fw_cfg" arguments name @key
 * @a:   argument vector
 * @key: e.g. "opt/org.tianocore/IPv4PXESupport"
 *
 * Return: the count.
 */
static int count_fw_cfg(const struct pxl_argv *a, const char *key)
{
	char want[128];
	int i, n = 0;

	snprintf(want, sizeof(want), "name=%s,string=n", key);
	for (i = 0; i + 1 < a->argc; i++)
		n += !strcmp(a->argv[i], "-fw_cfg") && !strcmp(a->argv[i + 1], want);
	return n;
}

/* `netboot http` turns OVMF's PXEv4 and PXEv6 boot options off through
 * fw_cfg (field notes, section 2); without it neither switch is passed */
START_TEST(test_http_boot_fw_cfg)
{
	struct pxl_qemu_config cfg = { .name = "pc1", .fw = PXL_FW_UEFI, .pxe = PXL_PXE_NATIVE,
				       .workdir = "/tmp", .http_boot = _i };
	char err[256];
	struct pxl_argv a;

	cfg.nic = pxl_nic_find("virtio-net");
	ck_assert_int_eq(pxl_qemu_build_args(&cfg, 3, &a, err, sizeof(err)), 0);
	ck_assert_int_eq(count_fw_cfg(&a, "opt/org.tianocore/IPv4PXESupport"), _i);
	ck_assert_int_eq(count_fw_cfg(&a, "opt/org.tianocore/IPv6PXESupport"), _i);
	pxl_argv_free(&a);
}
END_TEST

/**
 * check_refused() - a combination the row does not claim is refused with the reason
 * @cfg: client
 *
 * The launcher and the parser refuse every one, written out, naming the
 * reason; the same client without `pxe` gets the mode that netboots it
 * (pxl_netboot_mode()), or is refused too when there is none.
 */
static void check_refused(const struct pxl_qemu_config *cfg)
{
	char err[512], why[160], text[512], msg[512];
	struct scn_list list;
	int rc, m = pxl_netboot_mode(cfg->fw, cfg->nic);

	ck_assert_ptr_nonnull(pxl_netboot_refusal(cfg->fw, cfg->nic, cfg->pxe, why, sizeof(why)));
	ck_assert_int_eq(pxl_qemu_check(cfg, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, why) && strstr(err, cfg->nic->name), "'%s' lacks '%s'", err, why);
	client_text(cfg->fw, cfg->nic, cfg->pxe, text, sizeof(text));
	ck_assert_int_eq(parse(text, &list, msg, sizeof(msg)), -EINVAL);
	ck_assert_msg(strstr(msg, why), "'%s' lacks '%s'", msg, why);
	snprintf(text, sizeof(text), "scenario t\nclient pc1 firmware %s nic %s\n"
		 "stage 1 \"s\"\n  expect console \"x\"\n", pxl_firmwares[cfg->fw].name, cfg->nic->name);
	rc = parse(text, &list, msg, sizeof(msg));
	ck_assert_int_eq(rc, m < 0 ? -EINVAL : 0);
	if (rc)
		return;
	ck_assert_int_eq(list.s[0]->clients[0].pxe, m);
	scn_list_free(&list);
}

/* every combination: accepted ones build the right device and ROM, the
 * others are refused by the launcher and the parser, naming the reason */
START_TEST(test_combinations)
{
	struct pxl_qemu_config cfg = {
		.name = "pc1", .nic = &pxl_nics[_i], .workdir = "/nonexistent",
		.mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
	};
	char why[160];
	int fw, pxe, acc;

	for (fw = 0; fw < PXL_FW_COUNT; fw++) {
		for (pxe = 0; pxe < PXL_PXE_COUNT; pxe++) {
			for (acc = 0; acc < PXL_ACCEL_COUNT; acc++) {
				cfg.fw = (enum pxl_fw)fw;
				cfg.pxe = (enum pxl_pxe)pxe;
				cfg.accel = (enum pxl_accel)acc;
				if (cfg.nic->boots[fw] & PXL_BOOTS(pxe)) {
					ck_assert_ptr_null(pxl_netboot_refusal(cfg.fw, cfg.nic, cfg.pxe,
									       why, sizeof(why)));
					check_args(&cfg);
				} else if (acc == 0) {
					check_refused(&cfg);
				}
			}
		}
	}
}
END_TEST

/* the reasons themselves, and the launcher on a machine with the packages */
START_TEST(test_reasons)
{
	const struct pxl_nic *e1000 = pxl_nic_find("e1000"), *virtio = pxl_nic_find("virtio-net");
	struct pxl_qemu_config cfg = { .name = "pc1", .nic = virtio, .fw = PXL_FW_UEFI,
				       .pxe = PXL_PXE_NATIVE };
	struct pxl_nic fake = { "fake", "fake-nic", .boots = { [PXL_FW_UEFI] = 0 } };
	char why[160], err[512], rom[64];

	ck_assert_ptr_nonnull(e1000);
	ck_assert_ptr_nonnull(virtio);
	/* facts found by booting: SeaBIOS runs pxe-virtio.rom (1af4:1041) only
	 * on a modern-only device; OVMF itself drives only virtio-net */
	ck_assert_str_eq(virtio->flags[PXL_FW_BIOS], "disable-legacy=on");
	ck_assert_ptr_null(virtio->flags[PXL_FW_UEFI]);
	ck_assert(virtio->boots[PXL_FW_UEFI] & PXL_BOOTS(PXL_PXE_NATIVE));
	ck_assert(!(e1000->boots[PXL_FW_UEFI] & PXL_BOOTS(PXL_PXE_NATIVE)));
	ck_assert_str_eq(pxl_netboot_refusal(PXL_FW_UEFI, e1000, PXL_PXE_NATIVE, why, sizeof(why)),
			 "OVMF has no driver of its own for e1000");
	ck_assert_str_eq(pxl_netboot_refusal(PXL_FW_BIOS, virtio, PXL_PXE_NATIVE, why, sizeof(why)),
			 "SeaBIOS has no PXE stack; QEMU's BIOS NIC ROM is iPXE");
	ck_assert_str_eq(pxl_netboot_refusal(PXL_FW_UEFI, &fake, PXL_PXE_IPXE_ROM, why, sizeof(why)),
			 "ipxe-qemu has no OVMF iPXE ROM for fake");
	ck_assert_int_eq(pxl_netboot_mode(PXL_FW_UEFI, &fake), -1);
	ck_assert_int_eq(pxl_netboot_mode(PXL_FW_UEFI, e1000), PXL_PXE_IPXE_ROM);
	ck_assert_int_eq(pxl_netboot_mode(PXL_FW_UEFI, virtio), PXL_PXE_NATIVE);
	ck_assert_int_eq(pxl_nic_rom_path(PXL_FW_UEFI, &fake, PXL_PXE_IPXE_ROM, NULL, rom, sizeof(rom)),
			 -ENOENT);
	ck_assert_int_eq(pxl_nic_rom_path(PXL_FW_BIOS, e1000, PXL_PXE_IPXE_ROM, "/r", rom, sizeof(rom)), 0);
	ck_assert_str_eq(rom, "/r/pxe-e1000.rom");
	ck_assert_int_eq(pxl_nic_rom_path(PXL_FW_BIOS, e1000, PXL_PXE_IPXE_ROM, "/r", rom, 8),
			 -ENAMETOOLONG);
	cfg.fw = (enum pxl_fw)PXL_FW_COUNT;
	ck_assert_int_eq(pxl_qemu_check(&cfg, err, sizeof(err)), -EINVAL);
	cfg.fw = PXL_FW_UEFI;
	if (access("/usr/share/OVMF/OVMF_CODE.fd", R_OK) || access(PXL_ROM_DIR, R_OK))
		return;  /* the packages are absent: the files are checked above */
	ck_assert_msg(pxl_qemu_check(&cfg, err, sizeof(err)) == 0, "%s", err);
	cfg.pxe = PXL_PXE_IPXE_ROM;
	cfg.nic = pxl_nic_find("vmxnet3");
	ck_assert_msg(pxl_qemu_check(&cfg, err, sizeof(err)) == 0, "%s", err);
}
END_TEST

/**
 * machines_suite() - the suite
 *
 * Return: the suite.
 */
static Suite *machines_suite(void)
{
	Suite *s = suite_create("machines");
	TCase *tc = tcase_create("tables");

	tcase_add_test(tc, test_names_round_trip);
	tcase_add_loop_test(tc, test_scenario_round_trip, 0, (int)pxl_nnics);
	tcase_add_loop_test(tc, test_rows_consistent, 0, (int)pxl_nnics);
	tcase_add_loop_test(tc, test_firmware_rows, 0, PXL_FW_COUNT);
	tcase_add_loop_test(tc, test_memory_default, 0, PXL_FW_COUNT);
	tcase_add_loop_test(tc, test_combinations, 0, (int)pxl_nnics);
	tcase_add_test(tc, test_reasons);
	tcase_add_test(tc, test_uuid_arg);
	tcase_add_loop_test(tc, test_http_boot_fw_cfg, 0, 2);
	tcase_add_test(tc, test_pxe6_first_fw_cfg);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(machines_suite)
