import { defineConfig } from "wxt";

export default defineConfig({
  modules: ["@wxt-dev/module-react"],
  imports: false,
  manifest: { name: "Blastradius", version: "0.1.0" },
});
