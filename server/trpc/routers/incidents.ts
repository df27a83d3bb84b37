import { router } from "../init";

export const incidentsRouter = router({});
