function hammer() {
  return nail();
}
function nail() {}
const saw = () => hammer();

export { hammer as hit, saw };
