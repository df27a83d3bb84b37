/**
 * The languages notices are written in, and how a contact's locale picks one: the exact tag
 * (pt-BR), then its base language (pt), then English, which every workspace always has.
 * Tags compare case-insensitively (BCP 47 tags are case-insensitive).
 */
import type { IncidentStatus } from "../schema-types";

/** The languages with default templates and email wording; workspaces may override each. */
export const LOCALES = ["en", "de", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const FALLBACK_LOCALE: Locale = "en";

export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
};

/** Of the `available` tags, the one for `wanted`; "en" when none fits. */
export function pickLocale<T extends string>(
  available: readonly T[],
  wanted: string | null,
): T | "en" {
  if (wanted) {
    const tag = wanted.trim().replace(/_/g, "-").toLowerCase();
    const exact = available.find((a) => a.toLowerCase() === tag);
    if (exact) return exact;
    const base = tag.split("-")[0];
    const byBase = available.find((a) => a.toLowerCase() === base);
    if (byBase) return byBase;
  }
  return "en";
}

/** The words of the email around the templates, per language. */
export interface EmailWords {
  status: Record<IncidentStatus, string>;
  /** What {{customer_name}} becomes when the contact has no name ("Hi there,"). */
  nameless: string;
  /** What {{segment}} becomes when the audience has no segment. */
  noSegment: string;
  update: (n: number, when: string) => string;
  /** The line under the incident's title naming the segment. */
  affects: (segment: string) => string;
  button: string;
  buttonHint: string;
  why: (workspace: string, email: string) => string;
  unsubscribe: string;
  unsubscribeText: string;
  statusLabel: string;
}

export const EMAIL_WORDS: Record<Locale, EmailWords> = {
  en: {
    status: {
      investigating: "Investigating",
      identified: "Identified",
      monitoring: "Monitoring",
      resolved: "Resolved",
    },
    nameless: "there",
    noSegment: "your account",
    update: (n, when) => `Update ${n} · ${when}`,
    affects: (segment) => `Affects customers with: ${segment}`,
    button: "See the status of this issue",
    buttonHint: "Every update about this issue, on one page:",
    why: (workspace, email) =>
      `You are receiving this email because ${workspace} found that this issue may affect your account (${email}).`,
    unsubscribe: "Unsubscribe from these notices",
    unsubscribeText: "Unsubscribe from these notices:",
    statusLabel: "Status",
  },
  de: {
    status: {
      investigating: "Wird untersucht",
      identified: "Ursache gefunden",
      monitoring: "Wird beobachtet",
      resolved: "Behoben",
    },
    nameless: "zusammen",
    noSegment: "Ihr Konto",
    update: (n, when) => `Update ${n} · ${when}`,
    affects: (segment) => `Betrifft Kunden mit: ${segment}`,
    button: "Aktuellen Stand ansehen",
    buttonHint: "Alle Updates zu diesem Problem auf einer Seite:",
    why: (workspace, email) =>
      `Sie erhalten diese E-Mail, weil ${workspace} festgestellt hat, dass dieses Problem Ihr Konto (${email}) betreffen kann.`,
    unsubscribe: "Diese Benachrichtigungen abbestellen",
    unsubscribeText: "Diese Benachrichtigungen abbestellen:",
    statusLabel: "Status",
  },
  fr: {
    status: {
      investigating: "En cours d’analyse",
      identified: "Cause identifiée",
      monitoring: "Sous surveillance",
      resolved: "Résolu",
    },
    nameless: "à vous",
    noSegment: "votre compte",
    update: (n, when) => `Mise à jour ${n} · ${when}`,
    affects: (segment) => `Concerne les clients avec : ${segment}`,
    button: "Voir l’état de ce problème",
    buttonHint: "Toutes les mises à jour sur ce problème, sur une seule page :",
    why: (workspace, email) =>
      `Vous recevez cet e-mail parce que ${workspace} a constaté que ce problème peut concerner votre compte (${email}).`,
    unsubscribe: "Se désabonner de ces notifications",
    unsubscribeText: "Se désabonner de ces notifications :",
    statusLabel: "Statut",
  },
};

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

/** The update's time in the recipient's language, in UTC: the same for every rebuild. */
export function formatSentAt(sentAt: Date, locale: Locale): string {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, {
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "UTC",
      hourCycle: "h23",
    });
    dateFormats.set(locale, format);
  }
  return `${format.format(sentAt)} UTC`;
}
