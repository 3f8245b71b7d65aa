import type { Logger } from '../logger';
import type { CaptionEvidence } from '../rules/videoStatus';
import type { CachedVideo } from '../storage/reminderRepositories';
import type { Crawl, VideoSource } from './videoSource';

/**
 * Local mode's stand-in for Panopto: a few dozen videos spread over owners, caption states and lifecycle dates
 * relative to the day they are first loaded, so a newcomer sees real reminders in the Agents Playground (whose user
 * is Alex Wilber, alexw@example.com). Once loaded, a video keeps its facts, as a real one would.
 */

const DAY_MS = 86_400_000;
export const DEMO_OWNER = 'alexw@example.com';

interface DemoVideo {
  title: string;
  owner: string;
  publishedDaysAgo: number;
  lastViewedDaysAgo?: number;
  captions: boolean;
  live?: boolean;
  /** What Panopto's accessibility preview would say. */
  captionEvidence?: CaptionEvidence;
}

const YEAR2 = 730;
const DEMO: DemoVideo[] = [
  // Alex: captions coming due, overdue, done; deletions coming; one in the trash.
  { title: 'Tilastotieteen perusteet – luento 1', owner: DEMO_OWNER, publishedDaysAgo: 4, captions: false },
  { title: 'Research methods: interview techniques', owner: DEMO_OWNER, publishedDaysAgo: 10, captions: false },
  { title: 'Projektinhallinta – viikko 3', owner: DEMO_OWNER, publishedDaysAgo: 13, captions: false },
  { title: 'Welcome to the Digital Services course', owner: DEMO_OWNER, publishedDaysAgo: 20, captions: false },
  { title: 'Live Q&A: thesis seminar', owner: DEMO_OWNER, publishedDaysAgo: 0, captions: false, live: true },
  { title: 'Laboratoriotyöt: turvallisuusohje', owner: DEMO_OWNER, publishedDaysAgo: 3, captions: true },
  { title: 'Logistics 101 – warehouse tour', owner: DEMO_OWNER, publishedDaysAgo: 900, lastViewedDaysAgo: YEAR2 - 30, captions: true },
  { title: 'Markkinointi 2022 – vierasluento', owner: DEMO_OWNER, publishedDaysAgo: 1000, lastViewedDaysAgo: YEAR2 - 7, captions: true },
  { title: 'Orientation 2023 (recording)', owner: DEMO_OWNER, publishedDaysAgo: 1100, lastViewedDaysAgo: YEAR2 + 150, captions: true },
  { title: 'Hoitotyön simulaatio', owner: DEMO_OWNER, publishedDaysAgo: 200, lastViewedDaysAgo: 12, captions: true },
  { title: 'Excel for engineers', owner: DEMO_OWNER, publishedDaysAgo: 400, lastViewedDaysAgo: 40, captions: true },
  { title: 'Kevään opintojakso – johdanto', owner: DEMO_OWNER, publishedDaysAgo: 60, lastViewedDaysAgo: 2, captions: true },
  // Megan: reachable only once she has talked to the bot; unreachable owners are listed for support.
  { title: 'Kemian perusteet – luento 4', owner: 'meganb@example.com', publishedDaysAgo: 5, captions: false },
  { title: 'Safety training 2023', owner: 'meganb@example.com', publishedDaysAgo: 800, lastViewedDaysAgo: YEAR2 - 25, captions: true },
  { title: 'Matematiikka 1 – harjoitukset', owner: 'meganb@example.com', publishedDaysAgo: 90, lastViewedDaysAgo: 10, captions: true },
  { title: 'Pedagogical cafe recording', owner: 'former.teacher@example.com', publishedDaysAgo: 12, captions: false },
  { title: 'Vanha opetusvideo', owner: 'former.teacher@example.com', publishedDaysAgo: 1200, lastViewedDaysAgo: YEAR2 - 3, captions: true },
  // Alex again: automatic captions to check, and captions requested from a provider.
  { title: 'Circular economy – lecture 2', owner: DEMO_OWNER, publishedDaysAgo: 9, captions: true, captionEvidence: 'automatic' },
  { title: 'Sairaanhoidon etiikka – luento 5', owner: DEMO_OWNER, publishedDaysAgo: 11, captions: false, captionEvidence: 'requested' },
];

const demoId = (index: number): string => `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;

export class DemoSource implements VideoSource {
  readonly name = 'demo data';

  constructor(
    private readonly panoptoUrl: string,
    logger: Logger,
  ) {
    logger.warn('Reminders use the bundled DEMO data (no PANOPTO_SERVER set); owners are the Playground users.');
  }

  async fetchVideos(cached: ReadonlyMap<string, CachedVideo>, now: Date): Promise<Crawl> {
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString();
    const videos = DEMO.map((d, index) => {
      const id = demoId(index);
      const known = cached.get(id);
      if (known !== undefined) return known;
      return {
        id,
        title: d.title,
        ownerKey: d.owner,
        ownerName: undefined,
        publishedAt: at(d.publishedDaysAgo),
        hasCaptions: d.captions,
        captionEvidence: d.captionEvidence,
        isLive: d.live === true,
        lastViewedAt: d.lastViewedDaysAgo === undefined ? undefined : at(d.lastViewedDaysAgo),
        viewerUrl: `${this.panoptoUrl}/Panopto/Pages/Viewer.aspx?id=${id}`,
        fingerprint: undefined,
        detailsFetchedAt: now.toISOString(),
        viewersFetchedAt: now.toISOString(),
      };
    });
    return { videos, unreadable: [] };
  }
}
