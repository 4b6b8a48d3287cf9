// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host description files (tests/hosts/NAME.json): the QCI, the adapters with
 * their TAPQ hwinfo, the initial AP bus masks. The format is documented in
 * tests/sim/README.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim.h"

struct hctx {
	const char *file;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static int herr(struct hctx *h, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(h->err, h->errlen, "%s: %s", h->file, msg);
	return -EINVAL;
}

static int check_keys(struct hctx *h, json_t *obj, const char *what, const char *const *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v) {
		const char *const *p;

		for (p = keys; *p && strcmp(*p, k); p++)
			;
		if (!*p)
			return herr(h, "%s: unknown key \"%s\"", what, k);
	}
	return 0;
}

static int get_bool(struct hctx *h, json_t *obj, const char *key, bool *out, const char *what)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return herr(h, "%s: \"%s\" must be true or false", what, key);
	*out = json_is_true(v);
	return 0;
}

static int get_uint(struct hctx *h, json_t *obj, const char *key, unsigned long max,
		    unsigned long *out, const char *what)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return 0;
	if (json_is_string(v)) {
		if (sim_kstrtoul(json_string_value(v), 0, out) || *out > max)
			return herr(h, "%s: \"%s\" must be a number 0..%lu", what, key, max);
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (unsigned long)json_integer_value(v) > max)
		return herr(h, "%s: \"%s\" must be a number 0..%lu", what, key, max);
	*out = (unsigned long)json_integer_value(v);
	return 0;
}

static int get_idlist(struct hctx *h, json_t *obj, const char *key, struct sim_mask *m,
		      const char *what)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return 0;
	if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) < SIM_IDS) {
		memset(m, 0, sizeof(*m));
		sim_set(m, (unsigned int)json_integer_value(v));
		return 0;
	}
	if (!json_is_string(v) || sim_idlist_parse(json_string_value(v), m))
		return herr(h, "%s: \"%s\" must be an ID list like \"0-7,0x10\"", what, key);
	return 0;
}

/* like the ap.apmask= parameter: start from zero, then absolute or relative */
static int get_busmask(struct hctx *h, json_t *obj, const char *key, struct sim_mask *m)
{
	json_t *v = json_object_get(obj, key);
	struct sim_mask zero = { { 0 } };

	if (!v)
		return 0;
	if (!json_is_string(v) || sim_parse_bitmap_str(json_string_value(v), &zero, m))
		return herr(h, "\"%s\" must be a mask like \"0xff00\" or \"+0-15,-3\"", key);
	return 0;
}

static const struct {
	const char *name;
	uint64_t bit;
} facility_names[] = {
	{ "apsc", HW_APSC }, { "mex4k", HW_MEX4K }, { "crt4k", HW_CRT4K }, { "apxa", HW_APXA },
	{ "slcf", HW_SLCF }, { "cca", HW_CCA },	    { "accel", HW_ACCEL }, { "ep11", HW_EP11 },
};

static int parse_type(const char *t, unsigned long *at)
{
	if (strncasecmp(t, "CEX", 3) || t[3] < '4' || t[3] > '9' || t[4])
		return -EINVAL;
	*at = (unsigned long)(t[3] - '4') + AP_TYPE_CEX4;
	return 0;
}

static int load_adapter(struct hctx *h, struct sim *s, json_t *a, unsigned int idx)
{
	static const char *const keys[] = { "id",	   "ids",	    "type",   "raw_type",
					    "mode",	   "facilities",    "class",  "bs",
					    "queue_depth", "max_msg_pages", "hwinfo", "compat_type",
					    "config",	   "chkstop",	    "online", NULL };
	char what[64];
	struct sim_mask ids = { { 0 } };
	unsigned long at = AP_TYPE_CEX8, cls = 0, bs = 0, qd = 8, ml = 0, compat = AP_TYPE_CEX8;
	uint64_t hw, mode = HW_CCA, fac = HW_APSC | HW_MEX4K | HW_CRT4K;
	bool config = true, chkstop = false, online = true;
	json_t *v;
	int rc;

	snprintf(what, sizeof(what), "adapters[%u]", idx);
	if (!json_is_object(a))
		return herr(h, "%s must be an object", what);
	rc = check_keys(h, a, what, keys);
	if (rc)
		return rc;
	if (json_object_get(a, "id")) {
		unsigned long id;

		rc = get_uint(h, a, "id", SIM_IDS - 1, &id, what);
		if (rc)
			return rc;
		sim_set(&ids, (unsigned int)id);
	} else {
		rc = get_idlist(h, a, "ids", &ids, what);
		if (rc)
			return rc;
		if (sim_mask_empty(&ids))
			return herr(h, "%s: needs \"id\" or \"ids\"", what);
	}
	v = json_object_get(a, "type");
	if (v && (!json_is_string(v) || parse_type(json_string_value(v), &at)))
		return herr(h, "%s: \"type\" must be one of CEX4..CEX9", what);
	rc = get_uint(h, a, "raw_type", 255, &at, what);
	rc = rc ?: get_uint(h, a, "compat_type", AP_TYPE_CEX8, &compat, what);
	rc = rc ?: get_uint(h, a, "class", 255, &cls, what);
	rc = rc ?: get_uint(h, a, "bs", 3, &bs, what);
	rc = rc ?: get_uint(h, a, "queue_depth", 16, &qd, what);
	rc = rc ?: get_uint(h, a, "max_msg_pages", 15, &ml, what);
	rc = rc ?: get_bool(h, a, "config", &config, what);
	rc = rc ?: get_bool(h, a, "chkstop", &chkstop, what);
	rc = rc ?: get_bool(h, a, "online", &online, what);
	if (rc)
		return rc;
	if (compat < AP_TYPE_CEX4)
		return herr(h, "%s: \"compat_type\" must be 10..14", what);
	if (qd < 1)
		return herr(h, "%s: \"queue_depth\" must be 1..16", what);
	v = json_object_get(a, "mode");
	if (v) {
		const char *m = json_is_string(v) ? json_string_value(v) : "";

		if (!strcasecmp(m, "cca"))
			mode = HW_CCA;
		else if (!strcasecmp(m, "ep11"))
			mode = HW_EP11;
		else if (!strcasecmp(m, "accel"))
			mode = HW_ACCEL;
		else
			return herr(h, "%s: \"mode\" must be CCA, EP11 or accel", what);
	}
	v = json_object_get(a, "facilities");
	if (v) {
		size_t i;
		json_t *f;

		if (!json_is_array(v))
			return herr(h, "%s: \"facilities\" must be an array of names", what);
		fac = 0;
		json_array_foreach(v, i, f) {
			size_t k;

			for (k = 0; k < sizeof(facility_names) / sizeof(facility_names[0]); k++)
				if (json_is_string(f) &&
				    !strcasecmp(json_string_value(f), facility_names[k].name))
					break;
			if (k == sizeof(facility_names) / sizeof(facility_names[0]))
				return herr(h, "%s: unknown facility in \"facilities\"", what);
			fac |= facility_names[k].bit;
		}
	} else if (s->qci_flags & QCI_APXA) {
		fac |= HW_APXA;
	}
	hw = fac | mode | ((uint64_t)cls << HW_CLASS_SHIFT) | ((uint64_t)bs << HW_BS_SHIFT) |
	     ((uint64_t)at << HW_AT_SHIFT) | ((uint64_t)(s->nd & 0xff) << HW_ND_SHIFT) |
	     ((uint64_t)ml << HW_ML_SHIFT) | ((uint64_t)(qd - 1) << HW_QD_SHIFT);
	v = json_object_get(a, "hwinfo");
	if (v) {
		unsigned long raw;

		if (!json_is_string(v) || sim_kstrtoul(json_string_value(v), 16, &raw))
			return herr(h, "%s: \"hwinfo\" must be a hex string \"0x...\"", what);
		hw = raw;
	}
	for (unsigned int id = 0; id < SIM_IDS; id++) {
		struct sim_card *c = &s->card[id];

		if (!sim_test(&ids, id))
			continue;
		if (c->present)
			return herr(h, "%s: adapter %u is described twice", what, id);
		c->present = true;
		c->tapq = hw;
		c->hwinfo = hw & TAPQ_CARD_HWINFO_MASK;
		c->compat_type = (unsigned int)compat;
		c->config = config;
		c->chkstop = chkstop;
		c->online = online;
	}
	return 0;
}

static unsigned int parse_features(const char *str, int *bad)
{
	static const char *const names[] = { "APSC", "APXA", "QACT", "RC8A", "APSB" };
	char buf[128], *save = NULL, *t;
	unsigned int flags = 0;

	*bad = strlen(str) >= sizeof(buf);
	if (*bad)
		return 0;
	strcpy(buf, str);
	for (t = strtok_r(buf, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
		unsigned int i;

		for (i = 0; i < 5 && strcasecmp(t, names[i]); i++)
			;
		if (i == 5)
			*bad = 1;
		else
			flags |= 1u << i;
	}
	return flags;
}

int sim_load_host(struct sim *s, const char *file, char *err, size_t errlen)
{
	static const char *const keys[] = { "description",
					    "apxa",
					    "max_adapter_id",
					    "max_domain_id",
					    "qci_features",
					    "usage_domains",
					    "control_domains",
					    "apmask",
					    "aqmask",
					    "migratable",
					    "adapters",
					    "vfio_ap",
					    "zcrypt",
					    "driver_override",
					    NULL };
	struct hctx h = { file, err, errlen };
	unsigned long na = 255, nd = 255;
	bool apxa = true;
	json_error_t jerr;
	json_t *root, *v, *a;
	size_t i;
	int rc;

	root = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(err, errlen, "%s:%d: %s", file, jerr.line, jerr.text);
		return -EINVAL;
	}
	rc = json_is_object(root) ? check_keys(&h, root, "host", keys) :
				    herr(&h, "the top level must be an object");
	rc = rc ?: get_bool(&h, root, "apxa", &apxa, "host");
	rc = rc ?: get_uint(&h, root, "max_adapter_id", 255, &na, "host");
	rc = rc ?: get_uint(&h, root, "max_domain_id", 255, &nd, "host");
	if (rc)
		goto out;
	s->na = (unsigned int)na;
	s->nd = (unsigned int)nd;
	s->qci_flags = QCI_APSC | QCI_QACT | QCI_RC8A | (apxa ? QCI_APXA : 0);
	v = json_object_get(root, "qci_features");
	if (v) {
		int bad = 1;

		if (json_is_string(v))
			s->qci_flags = parse_features(json_string_value(v), &bad);
		if (bad) {
			rc = herr(&h, "\"qci_features\" must list APSC APXA QACT RC8A APSB");
			goto out;
		}
		if (!!(s->qci_flags & QCI_APXA) != apxa) {
			rc = herr(&h, "\"qci_features\" and \"apxa\" disagree");
			goto out;
		}
	}
	/* default: all usage domains up to the max id, no control-only ones */
	for (unsigned int d = 0; d <= sim_max_apqi(s); d++)
		sim_set(&s->usage, d);
	rc = get_idlist(&h, root, "usage_domains", &s->usage, "host");
	s->control = s->usage;
	rc = rc ?: get_idlist(&h, root, "control_domains", &s->control, "host");
	sim_mask_fill(&s->apmask);
	sim_mask_fill(&s->aqmask);
	rc = rc ?: get_busmask(&h, root, "apmask", &s->apmask);
	rc = rc ?: get_busmask(&h, root, "aqmask", &s->aqmask);
	if (!rc && json_is_string(json_object_get(root, "apmask")))
		snprintf(s->boot_apmask, sizeof(s->boot_apmask), "%s",
			 json_string_value(json_object_get(root, "apmask")));
	if (!rc && json_is_string(json_object_get(root, "aqmask")))
		snprintf(s->boot_aqmask, sizeof(s->boot_aqmask), "%s",
			 json_string_value(json_object_get(root, "aqmask")));
	rc = rc ?: get_bool(&h, root, "migratable", &s->migratable, "host");
	s->mod_vfio_ap = s->mod_zcrypt = true;
	rc = rc ?: get_bool(&h, root, "vfio_ap", &s->mod_vfio_ap, "host");
	rc = rc ?: get_bool(&h, root, "zcrypt", &s->mod_zcrypt, "host");
	/* opt-in: a Linux 6.19+ AP bus, whose queues have driver_override */
	rc = rc ?: get_bool(&h, root, "driver_override", &s->driver_override, "host");
	s->mod_mdev = s->mod_vfio_ap;
	if (rc)
		goto out;
	v = json_object_get(root, "adapters");
	if (!json_is_array(v)) {
		rc = herr(&h, "\"adapters\" must be an array");
		goto out;
	}
	json_array_foreach(v, i, a) {
		rc = load_adapter(&h, s, a, (unsigned int)i);
		if (rc)
			goto out;
	}
	s->ap_domain = -1;
	for (unsigned int d = 0; d <= sim_max_apqi(s); d++) {
		if (sim_test(&s->usage, d) && sim_test(&s->aqmask, d)) {
			s->ap_domain = (int)d;
			break;
		}
	}
	s->config_time = 30;
	s->poll_timeout = 250000;
	s->scans = 1;
out:
	json_decref(root);
	return rc;
}

void sim_free(struct sim *s)
{
	while (s->mdevs) {
		struct sim_mdev *m = s->mdevs;

		s->mdevs = m->next;
		free(m);
	}
	free(s->state_file);
	s->state_file = NULL;
	free(s->log_file);
	s->log_file = NULL;
	sim_uevent_free(s);
}
