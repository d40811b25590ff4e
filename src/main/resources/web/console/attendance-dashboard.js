// <bp-attendance-dashboard .conference .live .seq>: attendance per bridge point, as the live stream has it
// (attendance.updated, site.online / site.offline): for each site a bar chart in plain SVG of the delegates registered,
// checked in and the head count the site reported, and whether the site's host page is online.
import { html, svg } from 'lit';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { formatTime } from '../shared/time.js';

const BARS = [
    { key: 'registered', label: 'console.attendance.registered' },
    { key: 'checkedIn', label: 'console.attendance.checkedIn' },
    { key: 'reportedPresent', label: 'console.attendance.reported' },
];
// the chart's geometry (viewBox units; the SVG is as wide as its card, so text stays readable on a phone)
const WIDTH = 340;
const LABEL = 128;
const ROW = 26;
const BAR = 18;
const ROOM_FOR_VALUE = 44;

class AttendanceDashboard extends BpElement {
    static properties = { conference: { attribute: false }, live: { attribute: false }, seq: {} };

    render() {
        const attendance = this.live?.attendance;
        if (!attendance) {
            return html`<p class="muted" role="status">${this.live ? t('console.attendance.none') : t('console.loading')}</p>`;
        }
        const sites = attendance.sites ?? [];
        const totals = attendance.totals ?? {};
        // one scale for every site, so that the bars compare
        const max = Math.max(1, ...sites.flatMap((s) => BARS.map((b) => s[b.key] ?? 0)));
        return html`<div class="view-head">
                <h2>${t('console.attendance.title')}</h2>
            </div>
            <section class="card totals" aria-label=${t('console.attendance.totals')} data-totals>
                <dl class="totals__list">
                    <div><dt>${t('console.attendance.registered')}</dt><dd data-total="registered">${totals.registered ?? 0}</dd></div>
                    <div><dt>${t('console.attendance.checkedIn')}</dt><dd data-total="checkedIn">${totals.checkedIn ?? 0}</dd></div>
                    <div><dt>${t('console.attendance.reported')}</dt><dd data-total="reportedPresent">${totals.reportedPresent ?? '—'}</dd></div>
                    <div>
                        <dt>${t('console.attendance.sitesOnline')}</dt>
                        <dd data-total="sitesOnline">${t('console.attendance.ofSites', { online: totals.sitesOnline ?? 0, sites: totals.sites ?? sites.length })}</dd>
                    </div>
                </dl>
            </section>
            <ul class="chart-legend" aria-hidden="true">
                ${BARS.map((b) => html`<li><span class="swatch swatch--${b.key}"></span>${t(b.label)}</li>`)}
            </ul>
            ${sites.length === 0
                ? html`<p class="muted">${t('console.participants.none')}</p>`
                : html`<div class="site-charts">${sites.map((s) => this.#site(s, max))}</div>`}`;
    }

    #site(s, max) {
        const zone = this.conference.timeZone;
        const values = BARS.map((b) => ({ ...b, value: s[b.key] }));
        const summary = t('console.attendance.summary', {
            site: s.name,
            registered: s.registered,
            checkedIn: s.checkedIn,
            reported: s.reportedPresent ?? '—',
        });
        const scale = (WIDTH - LABEL - ROOM_FOR_VALUE) / max;
        return html`<section
            class="card site-attendance"
            data-site-id=${s.siteId}
            data-registered=${s.registered}
            data-checked-in=${s.checkedIn}
            data-reported=${s.reportedPresent ?? ''}
            data-online=${s.online ? 'true' : 'false'}
        >
            <div class="card-head">
                <h3>${s.name}</h3>
                <span class="presence presence--${s.online ? 'online' : 'offline'}">${t(s.online ? 'console.presence.online' : 'console.presence.offline')}</span>
            </div>
            <p class="muted">${t(`console.role.${s.role}`)}</p>
            <svg class="bar-chart" viewBox="0 0 ${WIDTH} ${ROW * BARS.length}" role="img" aria-label=${summary}>
                ${values.map(
                    (b, i) => svg`<g class="bar bar--${b.key}" transform="translate(0 ${i * ROW})">
                        <text class="bar__label" x="0" y=${BAR - 4}>${t(b.label)}</text>
                        <rect class="bar__track" x=${LABEL} y="0" width=${WIDTH - LABEL - ROOM_FOR_VALUE} height=${BAR} rx="3"></rect>
                        <rect class="bar__value" x=${LABEL} y="0" width=${Math.max(b.value ? 2 : 0, (b.value ?? 0) * scale)} height=${BAR} rx="3"></rect>
                        <text class="bar__number" x=${LABEL + (b.value ?? 0) * scale + 6} y=${BAR - 4}>${b.value ?? '—'}</text>
                    </g>`,
                )}
            </svg>
            ${s.reportedAt ? html`<p class="muted">${t('console.attendance.reportedAt', { time: formatTime(s.reportedAt, zone) })}</p>` : ''}
        </section>`;
    }
}
customElements.define('bp-attendance-dashboard', AttendanceDashboard);
