// Self-hosted fonts (bundled into dist/assets by Vite; nothing is loaded from elsewhere):
// Poppins for the auth screens, Covered By Your Grace for the handwritten wordmark.
// Both under the SIL Open Font License 1.1 (see their packages under node_modules/@fontsource).
import '@fontsource/poppins/latin-400.css';
import '@fontsource/poppins/latin-500.css';
import '@fontsource/covered-by-your-grace/latin-400.css';
