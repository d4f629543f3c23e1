import '@kitware/vtk.js/Rendering/Profiles/Volume';
import '@kitware/vtk.js/Rendering/Profiles/Geometry';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkActor from '@kitware/vtk.js/Rendering/Core/Actor';
import vtkMapper from '@kitware/vtk.js/Rendering/Core/Mapper';
import vtkImageMarchingCubes from '@kitware/vtk.js/Filters/General/ImageMarchingCubes';
import type { Mask, Volume } from '../../shared/volume/volume';
import { downsampleCt, maskCrop } from './volume-3d';

/**
 * The 3D view: the CT as a volume rendering (down-sampled so software WebGL2 stays usable)
 * and each mask as a surface at full resolution. Space is index * spacing (mm), axes as the
 * LPS grid: seen from the front, the patient's right is on the screen's left.
 */
export class Scene3d {
  private readonly grw: ReturnType<typeof vtkGenericRenderWindow.newInstance>;
  private readonly surfaces: ReturnType<typeof vtkActor.newInstance>[] = [];
  private volume: ReturnType<typeof vtkVolume.newInstance> | undefined;

  constructor(container: HTMLElement) {
    this.grw = vtkGenericRenderWindow.newInstance({ background: [0.05, 0.05, 0.07] });
    this.grw.setContainer(container);
    this.grw.resize();
  }

  setCt(ct: Volume<Int16Array>): void {
    const small = downsampleCt(ct, 128);
    const image = vtkImageData.newInstance();
    image.setDimensions(small.dims[0], small.dims[1], small.dims[2]);
    image.setSpacing([small.spacing[0], small.spacing[1], small.spacing[2]]);
    image.setOrigin([small.origin[0], small.origin[1], small.origin[2]]);
    image.getPointData().setScalars(vtkDataArray.newInstance({ name: 'HU', numberOfComponents: 1, values: small.data }));
    const mapper = vtkVolumeMapper.newInstance();
    mapper.setInputData(image);
    mapper.setSampleDistance(Math.min(...small.spacing) * 0.8);
    const colour = vtkColorTransferFunction.newInstance();
    colour.addRGBPoint(-1024, 0, 0, 0);
    colour.addRGBPoint(-200, 0.55, 0.25, 0.15);
    colour.addRGBPoint(100, 0.88, 0.6, 0.5);
    colour.addRGBPoint(400, 1, 0.95, 0.85);
    colour.addRGBPoint(1500, 1, 1, 1);
    const opacity = vtkPiecewiseFunction.newInstance();
    opacity.addPoint(-1024, 0);
    opacity.addPoint(-300, 0);
    opacity.addPoint(-100, 0.02);
    opacity.addPoint(150, 0.04);
    opacity.addPoint(300, 0.25);
    opacity.addPoint(1500, 0.7);
    const vol = vtkVolume.newInstance();
    vol.setMapper(mapper);
    vol.getProperty().setRGBTransferFunction(0, colour);
    vol.getProperty().setScalarOpacity(0, opacity);
    vol.getProperty().setInterpolationTypeToLinear();
    vol.getProperty().setShade(false);
    const r = this.grw.getRenderer();
    if (this.volume) r.removeVolume(this.volume);
    r.addVolume(vol);
    this.volume = vol;
    const cam = r.getActiveCamera();
    const c = [0, 1, 2].map((a) => (small.dims[a]! * small.spacing[a]!) / 2) as [number, number, number];
    cam.setFocalPoint(c[0], c[1], c[2]);
    cam.setPosition(c[0], c[1] - 1000, c[2]);
    cam.setViewUp(0, 0, 1);
    r.resetCamera();
    this.render();
  }

  /** Replaces the mask surfaces: one per entry, in its colour. */
  setMasks(masks: readonly { mask: Mask; color: readonly [number, number, number] }[]): void {
    const r = this.grw.getRenderer();
    for (const a of this.surfaces) r.removeActor(a);
    this.surfaces.length = 0;
    for (const { mask, color } of masks) {
      const crop = maskCrop(mask);
      if (!crop) continue;
      const image = vtkImageData.newInstance();
      image.setDimensions(crop.dims[0], crop.dims[1], crop.dims[2]);
      image.setSpacing([crop.spacing[0], crop.spacing[1], crop.spacing[2]]);
      image.setOrigin([crop.origin[0], crop.origin[1], crop.origin[2]]);
      image.getPointData().setScalars(vtkDataArray.newInstance({ name: 'mask', numberOfComponents: 1, values: crop.data }));
      const mc = vtkImageMarchingCubes.newInstance({ contourValue: 0.5, computeNormals: true, mergePoints: true });
      mc.setInputData(image);
      const mapper = vtkMapper.newInstance();
      mapper.setInputConnection(mc.getOutputPort());
      mapper.setScalarVisibility(false);
      const actor = vtkActor.newInstance();
      actor.setMapper(mapper);
      actor.getProperty().setColor(color[0] / 255, color[1] / 255, color[2] / 255);
      r.addActor(actor);
      this.surfaces.push(actor);
    }
    this.render();
  }

  render(): void {
    this.grw.resize();
    this.grw.getRenderWindow().render();
  }

  dispose(): void {
    this.grw.delete();
  }
}
