import type { LocalDate } from '../rules/dates';
import type { Language } from '../rules/policy';
import type { CaptionState } from '../rules/videoStatus';

/** How reminder dates and states are said, per language. */

const FORMATS: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  fi: new Intl.DateTimeFormat('fi-FI', { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' }),
};

export function formatDate(date: LocalDate, language: Language): string {
  return FORMATS[language].format(new Date(`${date}T00:00:00Z`));
}

/** A policy clock time (HH:MM) as people write it: "09:00" in English, "9.00" in Finnish. */
export function formatClock(time: string, language: Language): string {
  if (language === 'en') return time;
  const [hours = '0', minutes = '00'] = time.split(':');
  return `${Number(hours)}.${minutes}`;
}

function relative(daysLeft: number, language: Language): string {
  if (language === 'fi') {
    if (daysLeft === 0) return 'tänään';
    if (daysLeft === 1) return 'huomenna';
    if (daysLeft === -1) return 'eilen';
    return daysLeft > 0 ? `${daysLeft} päivän päästä` : `${-daysLeft} päivää sitten`;
  }
  if (daysLeft === 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  if (daysLeft === -1) return 'yesterday';
  return daysLeft > 0 ? `in ${daysLeft} days` : `${-daysLeft} days ago`;
}

/** `captionState`: automatic captions only, or requested ones, are said as such; otherwise captions are missing. */
export function statusText(kind: 'caption' | 'deletion' | 'final', date: LocalDate, daysLeft: number, language: Language, captionState?: CaptionState): string {
  const d = formatDate(date, language);
  const r = relative(daysLeft, language);
  const late = daysLeft < 0;
  if (kind === 'caption' && captionState === 'automatic') {
    if (language === 'fi') return late ? `Automaattinen tekstitys on tarkistamatta: määräaika oli ${d} (${r})` : `Videolla on vain automaattinen tekstitys: tarkista ja korjaa se viimeistään ${d} (${r})`;
    return late ? `Automatic captions not checked: they were due ${d} (${r})` : `Automatic captions only: check and correct them by ${d} (${r})`;
  }
  if (kind === 'caption' && captionState === 'requested') {
    if (language === 'fi') return late ? `Tekstitys on tilattu, mutta se ei ole vielä valmis: määräaika oli ${d} (${r})` : `Tekstitys on tilattu. Määräaika on ${d} (${r})`;
    return late ? `Captions requested but not ready: they were due ${d} (${r})` : `Captions requested: due by ${d} (${r})`;
  }
  if (language === 'fi') {
    if (kind === 'caption') return daysLeft < 0 ? `Tekstitys myöhässä: määräaika oli ${d} (${r})` : `Tekstitettävä viimeistään ${d} (${r})`;
    if (kind === 'deletion') return `Siirtyy roskakoriin ${d} (${r})`;
    return `Roskakorissa: poistetaan lopullisesti ${d} (${r})`;
  }
  if (kind === 'caption') return daysLeft < 0 ? `Captions overdue: they were due ${d} (${r})` : `Captions due by ${d} (${r})`;
  if (kind === 'deletion') return `Moves to the trash on ${d} (${r})`;
  return `In the trash: deleted for good on ${d} (${r})`;
}

export const DIGEST_LABELS: Record<Language, Record<string, string>> = {
  en: {
    digestHeading: 'Your Panopto videos need attention',
    digestIntro: 'By the rules, videos are captioned within {captionDeadline} of publication and go to the trash {lifecycle} after their last viewing.',
    myVideosHeading: 'Your Panopto videos',
    myVideosIntro: 'Videos that need something from you now, most urgent first.',
    myVideosNone: 'Nothing needs your attention right now.',
    myVideosUnknown: 'I have not read Panopto yet, or found no videos of yours there. Panopto is read every day at {sendAt}.',
    more: 'And {count} more. Type **my videos** to see them all.',
    moreOne: 'And one more. Type **my videos** to see them all.',
    open: 'Open in Panopto',
    captionsPublished: 'Captions are published',
    markExempt: 'Mark as media alternative',
    exemptExplain: 'No captions are needed when the video is a media alternative: everything in it is already available as text.',
    exemptReason: 'Where is the same content available as text?',
    exemptReasonError: 'Please say where the text version is.',
    markExemptConfirm: 'Mark as media alternative',
    requestExtension: 'Request extension',
    snooze: 'Remind me in {snoozeDays} days',
    resolvedConfirmed: '✓ You said the captions are published ({date}).',
    resolvedConfirmedMissing: '✓ You said the captions are published ({date}); Panopto does not show them yet.',
    resolvedExempt: '✓ Marked as a media alternative: {reason}',
    resolvedSnoozed: '✓ Snoozed until {date}.',
    resolvedExtended: '✓ Extended until {date}.',
    resolvedRequested: '✓ Extension requested (#{id}): {support} will decide, and I will tell you.',
    refresh: 'Refresh',
    snoozeTomorrow: 'Remind me tomorrow',
    snoozePastDeadline: 'Remind me in {snoozeDays} days (after the deadline)',
    resolvedSnoozedPastDeadline: '✓ Snoozed until {date}, after the deadline ({deadline}).',
    automaticChecked: 'I have checked them',
    resolvedAutomaticChecked: '✓ You checked the automatic captions ({date}).',
    requestCaptions: 'Request captions',
    requestCaptionsExplain: '{provider} makes the captions and they are added to the video in Panopto.',
    requestCaptionsConfirm: 'Request captions',
    resolvedCaptionsRequested: '✓ Captions requested ({date}).',
  },
  fi: {
    digestHeading: 'Panopto-videosi tarvitsevat huomiotasi',
    digestIntro: 'Sääntöjen mukaan videot tekstitetään {captionDeadline:gen} kuluessa julkaisusta ja ne siirtyvät roskakoriin {lifecycle} viimeisen katselun jälkeen.',
    myVideosHeading: 'Panopto-videosi',
    myVideosIntro: 'Nämä videot tarvitsevat sinulta toimia. Kiireellisimmät ovat ensimmäisinä.',
    myVideosNone: 'Mikään ei vaadi huomiotasi juuri nyt.',
    myVideosUnknown: 'En löydä Panoptosta videoitasi. Tiedot päivitetään Panoptosta joka päivä klo {sendAt}, joten uudet videot näkyvät täällä päivityksen jälkeen.',
    more: 'Lisäksi {count} muuta videota. Kirjoita **omat videot**, niin näet kaikki.',
    moreOne: 'Lisäksi yksi video. Kirjoita **omat videot**, niin näet kaikki.',
    open: 'Avaa Panoptossa',
    captionsPublished: 'Tekstitys on julkaistu',
    markExempt: 'Merkitse mediavastineeksi',
    exemptExplain: 'Tekstitystä ei tarvita, jos video on mediavastine eli sen koko sisältö on jo saatavilla tekstinä.',
    exemptReason: 'Missä sama sisältö on tekstinä?',
    exemptReasonError: 'Kerro, missä sama sisältö on tekstinä.',
    markExemptConfirm: 'Merkitse mediavastineeksi',
    requestExtension: 'Pyydä pidennystä',
    snooze: 'Muistuta {snoozeDays} päivän päästä',
    resolvedConfirmed: '✓ Ilmoitit tekstityksen julkaistuksi ({date}).',
    resolvedConfirmedMissing: '✓ Ilmoitit tekstityksen julkaistuksi ({date}), mutta Panopto ei vielä näytä sitä.',
    resolvedExempt: '✓ Merkitty mediavastineeksi: {reason}',
    resolvedSnoozed: '✓ Muistutan sinua uudelleen {date}.',
    resolvedExtended: '✓ Säilytysaikaa on pidennetty {date} asti.',
    resolvedRequested: '✓ Pyysit pidennystä (#{id}). Kerron sinulle, kun {support} on käsitellyt pyynnön.',
    refresh: 'Päivitä',
    snoozeTomorrow: 'Muistuta huomenna',
    snoozePastDeadline: 'Muistuta {snoozeDays} päivän päästä (määräajan jälkeen)',
    resolvedSnoozedPastDeadline: '✓ Muistutan sinua uudelleen {date}, vasta määräajan ({deadline}) jälkeen.',
    automaticChecked: 'Olen tarkistanut tekstityksen',
    resolvedAutomaticChecked: '✓ Tarkistit automaattisen tekstityksen ({date}).',
    requestCaptions: 'Tilaa tekstitys',
    requestCaptionsExplain: 'Tekstityksen tekee {provider} ja se lisätään videoon Panoptossa.',
    requestCaptionsConfirm: 'Tilaa tekstitys',
    resolvedCaptionsRequested: '✓ Tilasit tekstityksen ({date}).',
  },
};

export { fillTemplate as fill } from '../template';
