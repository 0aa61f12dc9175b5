/*
 * Built-in detectors for personal data: e-mail addresses, phone numbers
 * (Dutch and international), BSNs (11-proef), IBANs (mod-97), Dutch licence
 * plates (kentekens, the RDW side codes), dates of birth (a date in
 * its context) and home addresses (street, number, postcode, place).
 * Each is a PCRE2 pattern for candidates plus a validator.
 */
#ifndef LAK_DETECT_H
#define LAK_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"

enum lak_detector {
	LAK_DETECT_EMAIL,
	LAK_DETECT_PHONE,
	LAK_DETECT_BSN,
	LAK_DETECT_IBAN,
	LAK_DETECT_KENTEKEN,	/* a Dutch licence plate, RDW side codes */
	LAK_DETECT_BIRTHDATE,	/* a date after "geboren (op)", "geb.",
				 * "geboortedatum" */
	LAK_DETECT_ADDRESS,	/* street, number, postcode and place, not
				 * a Postbus, not after "Bezoekadres" */
	LAK_DETECT_FUNCTIONAL,	/* an e-mail address of a desk (woo-...@,
				 * info@, servicedesk@): for allow rules */
	LAK_DETECT_NAME,	/* a person's name where the structure
				 * says one is: Van:/Aan:/Cc: lines, the line
				 * after a closing greeting, "de heer X" */
	LAK_DETECT_COUNT,
};

/* "email", "phone", "bsn", "iban", "kenteken", "geboortedatum", "adres",
 * "functioneel-adres", "naam"; lak_detector_find() also accepts "e-mail",
 * "telefoon", "licence-plate", "birthdate", "address", "functional-email"
 * and "name". -1 when unknown. */
const char *lak_detector_name(enum lak_detector d);
int lak_detector_find(const char *name);

/* The words of Dutch names, for the names detector and for the engine
 * that moves a redacted name's edges over its initials and titles:
 * initials ("P.", "J.M."), a particle ("van", "de", "ter"; any case), a
 * title before a name ("mr.", "prof.dr."; any case). */
bool lak_name_initials(const char *w, size_t len);
bool lak_name_particle(const char *w, size_t len);
bool lak_name_title(const char *w, size_t len);

/* 9 digits (other characters ignored) that pass the 11-proef. */
bool lak_bsn_valid(const char *s, size_t len);

/* An IBAN (spaces and line breaks ignored, any case) of a country of the
 * IBAN registry, with that country's length, and mod 97 == 1. */
bool lak_iban_valid(const char *s, size_t len);

/* The compiled candidate patterns. */
struct lak_detectors;

int lak_detectors_new(struct lak_detectors **out, struct lak_error *err);
void lak_detectors_free(struct lak_detectors *d);

/*
 * Call 'found' for every valid match of detector 'which' in UTF-8 'text'
 * with its byte range [a, b). 'found' returns 0 to go on or -1 to stop
 * (then lak_detect returns -1 too).
 */
int lak_detect(const struct lak_detectors *d, enum lak_detector which,
    const char *text, size_t len,
    int (*found)(void *ctx, size_t a, size_t b), void *ctx,
    struct lak_error *err);

#endif
