/** PostCSS for Tailwind CSS 4. */
export default {
  plugins: {
    '@tailwindcss/postcss': {},
  },
};
