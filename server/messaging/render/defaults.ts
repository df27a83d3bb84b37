/**
 * The wording every workspace starts with: a subject, an intro above the update and an outro
 * below it, per status and language. A workspace overrides any of them in Settings → Templates
 * (message_template). Who is affected (the segment in words) is shown by the email itself,
 * under the incident's title, so the defaults need not name it; {{segment}} is there for
 * workspaces that want it in their own wording.
 */
import type { IncidentStatus, TemplateText } from "../schema-types";
import type { Locale } from "./locale";

export const DEFAULT_TEMPLATES: Record<Locale, Record<IncidentStatus, TemplateText>> = {
  en: {
    investigating: {
      subject: "Investigating: {{incident_title}}",
      intro:
        "Hi {{customer_name}},\n\nWe are investigating a problem that may affect your account. We wanted you to hear it from us first, and we will keep you posted until it is fixed.",
      outro:
        "You don't need to do anything right now. We will write again as soon as we know more.\n\nThe {{workspace_name}} team",
    },
    identified: {
      subject: "Cause found: {{incident_title}}",
      intro:
        "Hi {{customer_name}},\n\nWe have found the cause of the problem and are working on a fix.",
      outro:
        "We will let you know as soon as the fix is in place. Thank you for your patience.\n\nThe {{workspace_name}} team",
    },
    monitoring: {
      subject: "Fix in place: {{incident_title}}",
      intro:
        "Hi {{customer_name}},\n\nA fix for the problem is in place. We are watching closely to make sure it holds.",
      outro:
        "If something still doesn't work as it should, please contact our support team.\n\nThe {{workspace_name}} team",
    },
    resolved: {
      subject: "Resolved: {{incident_title}}",
      intro:
        "Hi {{customer_name}},\n\nThe problem is resolved, and everything should work normally again.",
      outro:
        "We are sorry for the trouble this caused. If anything still seems wrong, please contact our support team.\n\nThe {{workspace_name}} team",
    },
  },
  de: {
    investigating: {
      subject: "Wir untersuchen ein Problem: {{incident_title}}",
      intro:
        "Hallo {{customer_name}},\n\nwir untersuchen gerade ein Problem, das Ihr Konto betreffen kann. Sie sollen es zuerst von uns erfahren – und wir halten Sie auf dem Laufenden, bis es behoben ist.",
      outro:
        "Sie müssen im Moment nichts tun. Wir melden uns wieder, sobald wir mehr wissen.\n\nIhr {{workspace_name}}-Team",
    },
    identified: {
      subject: "Ursache gefunden: {{incident_title}}",
      intro:
        "Hallo {{customer_name}},\n\nwir haben die Ursache des Problems gefunden und arbeiten an einer Lösung.",
      outro:
        "Wir sagen Ihnen Bescheid, sobald die Lösung bereitsteht. Vielen Dank für Ihre Geduld.\n\nIhr {{workspace_name}}-Team",
    },
    monitoring: {
      subject: "Lösung eingespielt: {{incident_title}}",
      intro:
        "Hallo {{customer_name}},\n\neine Lösung ist eingespielt. Wir beobachten die Lage genau, um sicherzugehen, dass alles stabil läuft.",
      outro:
        "Falls noch etwas nicht wie gewohnt funktioniert, wenden Sie sich bitte an unseren Support.\n\nIhr {{workspace_name}}-Team",
    },
    resolved: {
      subject: "Behoben: {{incident_title}}",
      intro:
        "Hallo {{customer_name}},\n\ndas Problem ist behoben. Alles sollte wieder wie gewohnt funktionieren.",
      outro:
        "Bitte entschuldigen Sie die Unannehmlichkeiten. Falls Ihnen noch etwas auffällt, wenden Sie sich gern an unseren Support.\n\nIhr {{workspace_name}}-Team",
    },
  },
  fr: {
    investigating: {
      subject: "Problème en cours d’analyse : {{incident_title}}",
      intro:
        "Bonjour {{customer_name}},\n\nNous analysons actuellement un problème qui peut concerner votre compte. Nous tenions à vous en informer nous-mêmes, et nous vous tiendrons au courant jusqu’à sa résolution.",
      outro:
        "Vous n’avez rien à faire pour le moment. Nous reviendrons vers vous dès que nous en saurons plus.\n\nL’équipe {{workspace_name}}",
    },
    identified: {
      subject: "Cause identifiée : {{incident_title}}",
      intro:
        "Bonjour {{customer_name}},\n\nNous avons identifié l’origine du problème et travaillons à sa correction.",
      outro:
        "Nous vous préviendrons dès que le correctif sera en place. Merci de votre patience.\n\nL’équipe {{workspace_name}}",
    },
    monitoring: {
      subject: "Correctif déployé : {{incident_title}}",
      intro:
        "Bonjour {{customer_name}},\n\nUn correctif a été déployé. Nous surveillons la situation de près pour nous assurer que tout reste stable.",
      outro:
        "Si quelque chose ne fonctionne toujours pas comme prévu, n’hésitez pas à contacter notre support.\n\nL’équipe {{workspace_name}}",
    },
    resolved: {
      subject: "Résolu : {{incident_title}}",
      intro:
        "Bonjour {{customer_name}},\n\nLe problème est résolu : tout devrait de nouveau fonctionner normalement.",
      outro:
        "Nous vous prions de nous excuser pour la gêne occasionnée. Si quelque chose vous semble encore anormal, n’hésitez pas à contacter notre support.\n\nL’équipe {{workspace_name}}",
    },
  },
};
