// <bp-qr-scanner>: reads delegates' check-in QR codes with the camera (getUserMedia into a <video>) and the browser's
// BarcodeDetector, where both exist; fires 'scan' with {detail: text} for each code read (the same code again only
// after it was out of sight for a while, so that a code held in front of the camera counts once).
import { html } from 'lit';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';

const EVERY_MS = 250;
const SAME_CODE_PAUSE_MS = 3000; // a code counts again only after it was out of sight this long

class QrScanner extends BpElement {
    static properties = { scanning: { state: true }, message: { state: true } }; // message: a label's key

    /** Whether this browser can scan at all (BarcodeDetector and a camera API). */
    static get supported() {
        return 'BarcodeDetector' in window && Boolean(navigator.mediaDevices?.getUserMedia);
    }

    #stream = null;
    #timer = null;
    #last = { text: null, seenAt: 0 };

    constructor() {
        super();
        this.scanning = false;
    }

    disconnectedCallback() {
        this.#stop();
        super.disconnectedCallback();
    }

    render() {
        if (!QrScanner.supported) {
            return html`<p class="muted" data-scanner="unsupported">${t('host.scan.unsupported')}</p>`;
        }
        return html`${this.scanning
                ? html`<video class="scanner__video" muted playsinline aria-label=${t('host.scan.video')}></video>
                      <button type="button" @click=${() => this.#stop()}>${t('host.scan.stop')}</button>`
                : html`<button type="button" class="primary" @click=${() => this.#start()}>${t('host.scan.start')}</button>`}
            ${this.message ? html`<p class="alert" role="alert">${t(this.message)}</p>` : ''}`;
    }

    async #start() {
        this.message = null;
        let detector;
        try {
            const formats = await window.BarcodeDetector.getSupportedFormats();
            if (!formats.includes('qr_code')) {
                this.message = 'host.scan.unsupported';
                return;
            }
            detector = new window.BarcodeDetector({ formats: ['qr_code'] });
            this.#stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        } catch {
            this.message = 'host.scan.noCamera';
            return;
        }
        this.scanning = true;
        await this.updateComplete;
        const video = this.querySelector('video');
        video.srcObject = this.#stream;
        try {
            await video.play();
        } catch {
            // autoplay refused: the stream still feeds the detector once the browser plays it
        }
        const tick = async () => {
            if (!this.scanning) {
                return;
            }
            try {
                const codes = await detector.detect(video);
                const text = codes[0]?.rawValue;
                const now = Date.now();
                if (text) {
                    const again = text === this.#last.text && now - this.#last.seenAt <= SAME_CODE_PAUSE_MS;
                    this.#last = { text, seenAt: now };
                    if (!again) {
                        this.dispatchEvent(new CustomEvent('scan', { detail: text }));
                    }
                }
            } catch {
                // a frame that cannot be read yet (the video is starting)
            }
            this.#timer = setTimeout(tick, EVERY_MS);
        };
        tick();
    }

    #stop() {
        clearTimeout(this.#timer);
        this.#stream?.getTracks().forEach((track) => track.stop());
        this.#stream = null;
        this.scanning = false;
    }
}
customElements.define('bp-qr-scanner', QrScanner);
