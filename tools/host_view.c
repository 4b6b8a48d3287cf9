// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl host: selection, names and states as lszcrypt has them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "host_view.h"

void host_sel_init(struct host_sel *s)
{
	s->any = false;
	ap_mask_zero(&s->cards);
	ap_mask_zero(&s->domains);
	ap_apqn_set_zero(&s->apqns);
}

/* 1..@max hex digits (an optional 0x before them) up to @end; -1 when not that. */
static long hex_id(const char *s, const char *end, size_t max)
{
	long v = 0;
	size_t n;

	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = (size_t)(end - s);
	if (!n || n > max)
		return -1;
	for (; s < end; s++) {
		int h = ap_hex_digit(*s);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

int host_sel_add(struct host_sel *s, const char *arg, const char **why)
{
	const char *dot = strchr(arg, '.'), *end = arg + strlen(arg);
	long a = -1, d = -1;

	if (dot) {
		d = hex_id(dot + 1, end, 4);
		if (dot > arg)
			a = hex_id(arg, dot, 2);
		if (d < 0 || (dot > arg && a < 0)) {
			*why = "not CARD, .DOMAIN or CARD.DOMAIN in hexadecimal";
			return -EINVAL;
		}
	} else {
		a = hex_id(arg, end, 2);
		if (a < 0) {
			*why = "not CARD, .DOMAIN or CARD.DOMAIN in hexadecimal";
			return -EINVAL;
		}
	}
	if (d > AP_MAX_ID) {
		*why = "domain above 00ff";
		return -EINVAL;
	}
	s->any = true;
	if (a >= 0 && d >= 0) {
		ap_mask_set(&s->apqns.row[a], (unsigned int)d);
		ap_mask_set(&s->apqns.apm, (unsigned int)a);
		ap_mask_set(&s->apqns.aqm, (unsigned int)d);
	} else if (a >= 0) {
		ap_mask_set(&s->cards, (unsigned int)a);
	} else {
		ap_mask_set(&s->domains, (unsigned int)d);
	}
	return 0;
}

bool host_sel_queue(const struct host_sel *s, unsigned int a, unsigned int d)
{
	return !s->any || ap_mask_test(&s->cards, a) || ap_mask_test(&s->domains, d) ||
	       ap_apqn_set_test(&s->apqns, a, d);
}

unsigned int host_card_mode(uint32_t f)
{
	/* lszcrypt checks CCA (bit 3), then accelerator (4), then EP11 (5) */
	if (f & 0x10000000)
		return HOST_MODE_CCA;
	if (f & 0x08000000)
		return HOST_MODE_ACCEL;
	if (f & 0x04000000)
		return HOST_MODE_EP11;
	return 0;
}

const char *host_mode_name(unsigned int mode, bool json)
{
	switch (mode) {
	case HOST_MODE_CCA:
		return json ? "cca" : "CCA-Coproc";
	case HOST_MODE_EP11:
		return json ? "ep11" : "EP11-Coproc";
	case HOST_MODE_ACCEL:
		return json ? "accel" : "Accelerator";
	default:
		return NULL;
	}
}

/* lszcrypt: config 0 is deconfig; else chkstop; else the online attribute */
static const char *state_of(int config, int chkstop, int online)
{
	if (config == 0)
		return "deconfig";
	if (chkstop > 0)
		return "chkstop";
	if (online > 0)
		return "online";
	if (online == 0)
		return "offline";
	return NULL;
}

const char *host_card_status(const struct ap_card *c)
{
	return state_of(c->config, c->chkstop, c->online);
}

const char *host_queue_status(const struct ap_queue *q, bool json)
{
	const char *s = state_of(q->config, q->chkstop, q->online);

	if (s)
		return s;
	switch (q->status) {
	case AP_QSTAT_UNASSIGNED:
		return "unassigned";
	case AP_QSTAT_ASSIGNED:
		return "assigned";
	case AP_QSTAT_IN_USE:
		return json ? "in-use" : "in use";
	default:
		return NULL;
	}
}

/* ap_functions bits 0-7 (bit 0 = MSB) and their ap_tapq_hwinfo names; 3-5 are the mode */
static const struct {
	uint32_t bit;
	const char *name;
} facilities[] = {
	{ 0x80000000, "apsc" }, { 0x40000000, "mex4k" }, { 0x20000000, "crt4k" },
	{ 0x02000000, "apxa" }, { 0x01000000, "slcf" },
};

#define N_FACILITIES (sizeof(facilities) / sizeof(facilities[0]))

void host_facilities(uint32_t f, char *buf, size_t len)
{
	size_t i, pos = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < N_FACILITIES; i++) {
		int n;

		if (!(f & facilities[i].bit))
			continue;
		n = snprintf(buf + pos, len - pos, "%s%s", pos ? " " : "", facilities[i].name);
		if (n < 0 || (size_t)n >= len - pos)
			return;
		pos += (size_t)n;
	}
}

json_t *host_facilities_json(uint32_t f)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < N_FACILITIES; i++)
		if ((f & facilities[i].bit) &&
		    json_array_append_new(a, json_string(facilities[i].name))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

const char *host_hexlist(const struct ap_mask *m, int width, char buf[HOST_HEXLIST_LEN])
{
	enum ap_idlist_style style = width == 2 ? AP_IDLIST_HEX_CARD : AP_IDLIST_HEX_DOMAIN;

	/* 128 ranges of 9 characters and their commas fit */
	if (ap_idlist_format(m, style, buf, HOST_HEXLIST_LEN) <= 0)
		return "-";
	return buf;
}

int host_card_ids(struct ap_mask *cards)
{
	struct dirent *de;
	unsigned int id;
	char tail;
	DIR *dp;

	ap_mask_zero(cards);
	dp = opendir(AP_SYSFS_DEVICES);
	if (!dp)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dp)))
		if (strlen(de->d_name) == 6 && !strncmp(de->d_name, "card", 4) &&
		    sscanf(de->d_name + 4, "%2x%c", &id, &tail) == 1 && id <= AP_MAX_ID)
			ap_mask_set(cards, id);
	closedir(dp);
	return 0;
}

int host_card_queues(unsigned int a, struct ap_mask *domains)
{
	char path[64];
	struct dirent *de;
	unsigned int qa, d;
	char tail;
	DIR *dp;

	ap_mask_zero(domains);
	snprintf(path, sizeof(path), AP_SYSFS_DEVICES "/card%02x", a);
	dp = opendir(path);
	if (!dp)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dp)))
		if (strlen(de->d_name) == 7 &&
		    sscanf(de->d_name, "%2x.%4x%c", &qa, &d, &tail) == 2 && qa == a &&
		    d <= AP_MAX_ID)
			ap_mask_set(domains, d);
	closedir(dp);
	return 0;
}
