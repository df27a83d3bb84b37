/** Vite's `?inline` CSS imports: the file's text, for a shadow root. */
declare module "*.css?inline" {
  const css: string;
  export default css;
}
